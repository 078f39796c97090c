package audit

import (
	"database/sql"
	"strings"
	"testing"
	"time"
)

// Every filter the API offers reads an index that already yields newest-first
// order, so a page touches only the rows it returns (no scan, no sort).
func TestListQueriesUseAnIndexInOrder(t *testing.T) {
	db := openTestDB(t)
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	after := &cursor{time: formatTime(t0), seq: 10}
	tests := []struct {
		name  string
		f     Filter
		index string
	}{
		{"everything", Filter{}, "audit_by_time"},
		{"account", Filter{Account: "a"}, "audit_by_target"},
		{"actor", Filter{Actor: "alice"}, "audit_by_actor"},
		{"action", Filter{Actions: []string{ActionTokenGranted}}, "audit_by_action"},
		{"from", Filter{From: t0}, "audit_by_time"},
		{"account in range", Filter{Account: "a", From: t0, To: t0.Add(time.Hour)}, "audit_by_target"},
		{"actor and outcome", Filter{Actor: "alice", Outcome: OutcomeFailure}, "audit_by_actor"},
	}
	for _, tc := range tests {
		for _, c := range []*cursor{nil, after} {
			q, args := selectSQL(tc.f, c, 51, queryOptions{})
			plan := explain(t, q, args, db)
			if !strings.Contains(plan, "USING INDEX "+tc.index) || strings.Contains(plan, "TEMP B-TREE") {
				t.Errorf("%s (cursor %v): plan %q, want %s without a sort", tc.name, c != nil, plan, tc.index)
			}
		}
	}
	q, args := selectSQL(Filter{Account: "a"}, nil, 51, queryOptions{notIndexed: true})
	if plan := explain(t, q, args, db); !strings.Contains(plan, "SCAN audit_events") || strings.Contains(plan, "INDEX") {
		t.Errorf("not-indexed plan %q is not a full scan", plan)
	}
}

func explain(t *testing.T, q string, args []any, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, "; ")
}
