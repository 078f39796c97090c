package audit

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"
)

// benchEvents is the size of the trail the speed targets name.
const benchEvents = 100_000

// fillTrail records n events: 500 accounts, 20 administrators, every action,
// spread over 90 days; returns an account and an actor that exist.
func fillTrail(b *testing.B, db *sql.DB, n int) (account, actor string) {
	b.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Now().Add(-90 * 24 * time.Hour)
	step := 90 * 24 * time.Hour / time.Duration(n)
	for i := 0; i < n; i++ {
		acct := fmt.Sprintf("acct-%03d", i%500)
		e := Event{Time: t0.Add(time.Duration(i) * step), TargetID: acct, TargetName: "name " + acct}
		switch i % 10 {
		case 0:
			e.Actor, e.Action = fmt.Sprintf("admin-%02d", i%20), ActionUpdate
			e.Changes = Changes{"scopes": {Before: []string{"fr:am:*", "fr:idm:*"}, After: []string{"fr:am:*"}}}
		case 1:
			e.Actor, e.Action, e.TargetID, e.TargetName = fmt.Sprintf("admin-%02d", i%20), ActionSignIn, "", ""
		case 2:
			e.Actor, e.ActorKind, e.Action, e.Outcome, e.Reason = acct, ActorServiceAccount, ActionTokenRefused, OutcomeFailure, "invalid_scope: Unsupported scope for service account: fr:iga:*"
			e.ScopesRequested = []string{"fr:iga:*"}
		default:
			e.Actor, e.ActorKind, e.Action = acct, ActorServiceAccount, ActionTokenGranted
			e.ScopesRequested, e.ScopesGranted = []string{"fr:am:*", "fr:idm:*"}, []string{"fr:am:*", "fr:idm:*"}
		}
		e.RequestID, e.ClientAddress = fmt.Sprintf("req-%08d", i), "192.0.2.10"
		if err := Record(ctx, tx, e); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return "acct-123", "admin-10"
}

// BenchmarkAuditPage measures one filtered page (50 events, newest first) of
// a 100,000-event trail, and, in the same run, the same query forced to a
// full table scan (NOT INDEXED); it reports the indexed time as a percentage
// of the scan's. Target: under 5%.
func BenchmarkAuditPage(b *testing.B) {
	db := openTestDB(b)
	account, actor := fillTrail(b, db, benchEvents)
	ctx := context.Background()
	from := time.Now().Add(-30 * 24 * time.Hour)
	filters := []struct {
		name string
		f    Filter
	}{
		{"account", Filter{Account: account}},
		{"actor", Filter{Actor: actor}},
		{"action", Filter{Actions: []string{ActionTokenRefused}}},
		{"time-range", Filter{From: from, To: from.Add(24 * time.Hour)}},
		{"account+action+from", Filter{Account: account, Actions: []string{ActionTokenGranted}, From: from}},
	}
	for _, tc := range filters {
		b.Run(tc.name, func(b *testing.B) {
			// The scan and the indexed query alternate, so both see the same
			// machine load; ns/op covers both, the metrics split them.
			var indexed, scan time.Duration
			var pages, scans int
			for b.Loop() {
				start := time.Now()
				p, err := List(ctx, db, tc.f, DefaultPageSize, "")
				if err != nil {
					b.Fatal(err)
				}
				indexed += time.Since(start)
				pages++
				if len(p.Events) == 0 {
					b.Fatalf("filter %s selects nothing", tc.name)
				}
				if pages%25 == 1 {
					start = time.Now()
					if _, err := list(ctx, db, tc.f, DefaultPageSize, "", queryOptions{notIndexed: true}); err != nil {
						b.Fatal(err)
					}
					scan += time.Since(start)
					scans++
				}
			}
			perPage, perScan := indexed/time.Duration(pages), scan/time.Duration(scans)
			b.ReportMetric(float64(perScan.Microseconds())/1000, "fullscan-ms")
			b.ReportMetric(float64(perPage.Microseconds())/1000, "indexed-ms")
			b.ReportMetric(100*float64(perPage)/float64(perScan), "%-of-fullscan")
		})
	}
}
