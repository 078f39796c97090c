package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/pingclone/aic-console/tenant/crest/query"
)

// BenchmarkSvcAcctPages10k measures pages of 50 over 10,000 accounts in the
// store (no HTTP), interleaved: the first page, page 190 by cookie (keyset)
// and page 190 by offset. cookie/first stays near 1 however late the page.
//
//	go test -run '^$' -bench SvcAcctPages10k -benchtime 300x -count 3 ./tenant/store
func BenchmarkSvcAcctPages10k(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	err = s.InTx(ctx, func(tx *sql.Tx) error {
		for i := range 10000 {
			name := fmt.Sprintf("svc-%05d", (i*7919)%10000)
			if _, err := tx.Exec(`INSERT INTO svcaccts(id, rev, name, name_folded, description, account_status, scopes, jwks, created_at, created_by, modified_at, modified_by)
				VALUES (?, ?, ?, ?, NULL, 'active', '["fr:am:*"]', '{"keys":[]}', '', 'bench', '', 'bench')`,
				uuid.NewString(), uuid.NewString(), name, name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	byName := []query.SortKey{{Field: "name"}}
	page := func(req query.Request) query.Page {
		req.Filter, req.SortKeys, req.PageSize = query.Literal{Value: true}, byName, 50
		rows, p, err := s.QuerySvcAccts(ctx, req)
		if err != nil || len(rows) != 50 {
			b.Fatalf("page: %d rows, %v", len(rows), err)
		}
		return p
	}
	cookie := ""
	for range 189 {
		cookie = page(query.Request{Cookie: cookie}).Cookie
	}
	var first, byCookie, byOffset time.Duration
	for b.Loop() {
		t0 := time.Now()
		page(query.Request{})
		t1 := time.Now()
		page(query.Request{Cookie: cookie})
		t2 := time.Now()
		page(query.Request{Offset: 9450})
		t3 := time.Now()
		first, byCookie, byOffset = first+t1.Sub(t0), byCookie+t2.Sub(t1), byOffset+t3.Sub(t2)
	}
	n := float64(b.N)
	b.ReportMetric(float64(first.Microseconds())/n, "first-µs/op")
	b.ReportMetric(float64(byCookie.Microseconds())/n, "cookie190-µs/op")
	b.ReportMetric(float64(byOffset.Microseconds())/n, "offset9450-µs/op")
	b.ReportMetric(float64(byCookie)/float64(first), "cookie/first")
	b.ReportMetric(float64(byOffset)/float64(first), "offset/first")
}

// BenchmarkSvcAcctSearch10k measures the console's search (name co, pages of
// 10 by name, three fields) over 10,000 accounts named like the console
// benchmark's (acct-00000 ...), interleaved: through the trigram index as
// the store chooses, and by reading in name order (the index disabled), for
// a rare needle (10 matches), a broad one (every account) and one matching
// nothing.
//
//	go test -run '^$' -bench SvcAcctSearch10k -benchtime 300x ./tenant/store
func BenchmarkSvcAcctSearch10k(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	err = s.InTx(ctx, func(tx *sql.Tx) error {
		for i := range 10000 {
			name := fmt.Sprintf("acct-%05d", i)
			if _, err := tx.Exec(`INSERT INTO svcaccts(id, rev, name, name_folded, description, account_status, scopes, jwks, created_at, created_by, modified_at, modified_by)
				VALUES (?, ?, ?, ?, NULL, 'active', '["fr:am:*"]', '{"keys":[]}', '', 'bench', '', 'bench')`,
				uuid.NewString(), uuid.NewString(), name, name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	scan, _, _ := schemaVariants()
	run := func(schema *query.Schema, needle string, want int) {
		f, _ := query.ParseFilter(`name co "` + needle + `"`)
		req := query.Request{Filter: f, SortKeys: []query.SortKey{{Field: "name"}}, PageSize: 10, Fields: []string{"_id", "name", "accountStatus"}}
		n := 0
		_, err := schema.Run(ctx, s.queries, req, svcacctColumns, func(scan func(dest ...any) error) error {
			_, err := scanSvcAcct(scan)
			n++
			return err
		})
		if err != nil || n != want {
			b.Fatalf("%s: %d rows, %v", needle, n, err)
		}
	}
	cases := []struct {
		name, needle string
		want         int
	}{{"rare", "acct-0042", 10}, {"broad", "ACCT", 10}, {"none", "zzz-404", 0}}
	if only := os.Getenv("BENCH_SEARCH_CASE"); only != "" { // for profiling one case
		cases = slices.DeleteFunc(cases, func(c struct {
			name, needle string
			want         int
		}) bool {
			return c.name != only
		})
	}
	times := make([][2]time.Duration, len(cases))
	for b.Loop() {
		for i, c := range cases {
			t0 := time.Now()
			run(SvcAcctQuerySchema, c.needle, c.want)
			t1 := time.Now()
			run(scan, c.needle, c.want)
			times[i][0] += t1.Sub(t0)
			times[i][1] += time.Since(t1)
		}
	}
	n := float64(b.N)
	for i, c := range cases {
		b.ReportMetric(float64(times[i][0].Microseconds())/n, c.name+"-µs/op")
		b.ReportMetric(float64(times[i][1].Microseconds())/n, c.name+"-scan-µs/op")
	}
}
