package audit_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/pingclone/aic-console/tenant/audit"
)

// history records a scripted series: 3 accounts, 2 administrators, tokens,
// sign-ins, with several events sharing the same instant (ties in time).
func history(t testing.TB, db *sql.DB, t0 time.Time) []seed {
	var all []seed
	add := func(s seed) { record(t, db, s); all = append(all, s) }
	for i := 0; i < 30; i++ {
		at := t0.Add(time.Duration(i/3) * time.Hour) // three events per instant
		acct := fmt.Sprintf("acct-%d", i%3)
		switch i % 5 {
		case 0:
			add(seed{at: at, actor: "alice", kind: audit.ActorAdmin, action: audit.ActionUpdate, target: acct})
		case 1:
			add(seed{at: at, actor: acct, kind: audit.ActorServiceAccount, action: audit.ActionTokenGranted, target: acct,
				requested: []string{"fr:am:*"}, granted: []string{"fr:am:*"}})
		case 2:
			add(seed{at: at, actor: acct, kind: audit.ActorServiceAccount, action: audit.ActionTokenRefused, target: acct,
				outcome: audit.OutcomeFailure, reason: "invalid_scope", requested: []string{"fr:iga:*"}})
		case 3:
			add(seed{at: at, actor: "bob", kind: audit.ActorAdmin, action: audit.ActionSignIn})
		case 4:
			add(seed{at: at, actor: "bob", kind: audit.ActorAdmin, action: audit.ActionSignInFailed, outcome: audit.OutcomeFailure, reason: "bad password"})
		}
	}
	return all
}

func TestListFiltersAndPaging(t *testing.T) {
	st := openStore(t)
	db := st.DB()
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	all := history(t, db, t0)
	ctx := context.Background()

	count := func(pred func(s seed) bool) int {
		n := 0
		for _, s := range all {
			if pred(s) {
				n++
			}
		}
		return n
	}
	tests := []struct {
		name string
		f    audit.Filter
		pred func(s seed) bool
	}{
		{"everything", audit.Filter{}, func(seed) bool { return true }},
		{"account", audit.Filter{Account: "acct-1"}, func(s seed) bool { return s.target == "acct-1" }},
		{"actor", audit.Filter{Actor: "bob"}, func(s seed) bool { return s.actor == "bob" }},
		{"action", audit.Filter{Actions: []string{audit.ActionTokenGranted}}, func(s seed) bool { return s.action == audit.ActionTokenGranted }},
		{"actions", audit.Filter{Actions: []string{audit.ActionSignIn, audit.ActionSignInFailed}},
			func(s seed) bool { return s.action == audit.ActionSignIn || s.action == audit.ActionSignInFailed }},
		{"outcome", audit.Filter{Outcome: audit.OutcomeFailure}, func(s seed) bool { return s.outcome == audit.OutcomeFailure }},
		{"time range", audit.Filter{From: t0.Add(2 * time.Hour), To: t0.Add(5 * time.Hour)},
			func(s seed) bool { return !s.at.Before(t0.Add(2*time.Hour)) && s.at.Before(t0.Add(5*time.Hour)) }},
		{"account and action in range", audit.Filter{Account: "acct-2", Actions: []string{audit.ActionUpdate}, From: t0.Add(3 * time.Hour)},
			func(s seed) bool {
				return s.target == "acct-2" && s.action == audit.ActionUpdate && !s.at.Before(t0.Add(3*time.Hour))
			}},
		{"nothing", audit.Filter{Actor: "nobody"}, func(seed) bool { return false }},
	}
	for _, tc := range tests {
		for _, size := range []int{1, 4, 7, 100} {
			t.Run(fmt.Sprintf("%s/size%d", tc.name, size), func(t *testing.T) {
				var got []audit.Event
				cookie := ""
				for pages := 0; ; pages++ {
					if pages > 100 {
						t.Fatal("paging does not end")
					}
					p, err := audit.List(ctx, db, tc.f, size, cookie)
					if err != nil {
						t.Fatal(err)
					}
					if len(p.Events) > size {
						t.Fatalf("page of %d, size %d", len(p.Events), size)
					}
					got = append(got, p.Events...)
					if p.Next == "" {
						break
					}
					if len(p.Events) != size {
						t.Fatalf("short page (%d) with a next cookie", len(p.Events))
					}
					cookie = p.Next
				}
				want := count(tc.pred)
				if len(got) != want {
					t.Fatalf("%d events, want %d", len(got), want)
				}
				seen := map[int64]bool{}
				for i, e := range got {
					if seen[e.ID] {
						t.Fatalf("event %d twice", e.ID)
					}
					seen[e.ID] = true
					if !tc.pred(seed{at: e.Time, actor: e.Actor, action: e.Action, target: e.TargetID, outcome: e.Outcome}) {
						t.Fatalf("event %+v does not match the filter", e)
					}
					if i > 0 {
						prev := got[i-1]
						if e.Time.After(prev.Time) || (e.Time.Equal(prev.Time) && e.ID > prev.ID) {
							t.Fatalf("not newest first at %d: %v/%d after %v/%d", i, e.Time, e.ID, prev.Time, prev.ID)
						}
					}
				}
			})
		}
	}
}

func TestListRejectsForgedCookies(t *testing.T) {
	st := openStore(t)
	for _, c := range []string{"%%%", "bm90LWEtY3Vyc29y", "MjAyNi0xMS0wMVQwMDowMDowMC4wMDAwMDBafC0x"} {
		if _, err := audit.List(context.Background(), st.DB(), audit.Filter{}, 10, c); !errors.Is(err, audit.ErrBadCookie) {
			t.Errorf("cookie %q: err = %v, want ErrBadCookie", c, err)
		}
	}
}
