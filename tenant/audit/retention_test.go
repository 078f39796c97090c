package audit_test

import (
	"context"
	"testing"
	"time"

	"github.com/pingclone/aic-console/tenant/audit"
)

func TestPruneRemovesOnlyExpiredEvents(t *testing.T) {
	st := openStore(t)
	db := st.DB()
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	// 50 old events (several pruning batches of 7) and 3 recent ones.
	oldest := now.Add(-91 * 24 * time.Hour)
	if _, err := db.Exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 49)
		INSERT INTO audit_events(time, actor, actor_kind, action, outcome)
		SELECT strftime('%Y-%m-%dT%H:%M:%fZ', ?, '-' || i || ' seconds'), 'a', 'admin', ?, 'success' FROM n`,
		oldest.Format("2006-01-02 15:04:05"), audit.ActionSignIn); err != nil {
		t.Fatal(err)
	}
	for _, d := range []time.Duration{89 * 24 * time.Hour, time.Hour, 0} {
		record(t, db, seed{at: now.Add(-d), actor: "keep", action: audit.ActionSignIn})
	}
	p := &audit.Pruner{DB: db, Retention: audit.DefaultRetention, Now: func() time.Time { return now }, Batch: 7}
	n, err := p.PruneNow(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != 50 {
		t.Fatalf("pruned %d, want 50", n)
	}
	left := allEvents(t, db)
	if len(left) != 3 {
		t.Fatalf("%d events left, want 3", len(left))
	}
	for _, e := range left {
		if e.Actor != "keep" {
			t.Fatalf("kept %+v", e)
		}
	}
	// After pruning, recent events are protected again.
	if _, err := db.Exec(`DELETE FROM audit_events`); err == nil {
		t.Fatal("delete of recent events allowed after pruning")
	}
	// Retention 0 keeps everything.
	forever := &audit.Pruner{DB: db, Retention: 0, Now: func() time.Time { return now.Add(1000 * 24 * time.Hour) }}
	if n, err := forever.PruneNow(context.Background()); err != nil || n != 0 {
		t.Fatalf("retention 0 pruned %d, %v", n, err)
	}
}

func TestPrunerRunsPeriodically(t *testing.T) {
	st := openStore(t)
	db := st.DB()
	var mu = make(chan time.Time, 1)
	clock := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	mu <- clock
	now := func() time.Time { c := <-mu; mu <- c; return c }
	advance := func(d time.Duration) { c := <-mu; mu <- c.Add(d) }
	record(t, db, seed{at: clock, actor: "a", action: audit.ActionSignIn})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	p := &audit.Pruner{DB: db, Retention: time.Hour, Now: now, Interval: 10 * time.Millisecond}
	go func() { defer close(done); p.Loop(ctx) }()
	defer func() { cancel(); <-done }()
	advance(2 * time.Hour)
	deadline := time.Now().Add(10 * time.Second)
	for len(allEvents(t, db)) != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the periodic pruning never removed the expired event")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestParseRetention(t *testing.T) {
	good := map[string]time.Duration{"90d": 90 * 24 * time.Hour, "2160h": 2160 * time.Hour, "0": 0, "45m": 45 * time.Minute, "1d": 24 * time.Hour}
	for in, want := range good {
		if got, err := audit.ParseRetention(in); err != nil || got != want {
			t.Errorf("%q: %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "x", "-1h", "-3d", "1.5d", "ninety"} {
		if _, err := audit.ParseRetention(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
	var f audit.RetentionFlag
	if err := f.Set("30d"); err != nil || f.String() != "30d" {
		t.Errorf("flag: %v %q", err, f.String())
	}
}
