package tenant_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/pingclone/aic-console/tenant/store"
	"github.com/pingclone/aic-console/tenant/tenanttest"
)

const benchAccounts = 10000

// seedMany inserts n service accounts in one transaction (straight SQL: the
// benchmark measures reads, not n audited writes).
func seedMany(b *testing.B, f *tenanttest.Fixture, n int) {
	b.Helper()
	jwks := publicJWKS(b)
	now := store.FormatTime(store.ParseTime("2026-01-01T00:00:00.000000Z"))
	err := f.Tenant.Store().InTx(context.Background(), func(tx *sql.Tx) error {
		stmt, err := tx.Prepare(`INSERT INTO svcaccts(id, rev, name, name_folded, description, account_status, scopes, jwks, created_at, created_by, modified_at, modified_by)
			VALUES (?, ?, ?, lower(?), ?, ?, '["fr:am:*","fr:idm:*"]', ?, ?, 'bench', ?, 'bench')`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i := range n {
			status := "active"
			if i%7 == 0 {
				status = "inactive"
			}
			name := fmt.Sprintf("svc-%05d-%s", (i*7919)%n, []string{"build", "deploy", "backup", "monitor"}[i%4])
			if _, err := stmt.Exec(uuid.NewString(), uuid.NewString(), name, name, "account number "+fmt.Sprint(i), status, jwks, now, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSvcAcctQuery10k measures query pages over 10,000 accounts through
// the real route table. LatePageByCookie must stay close to FirstPage (keyset
// paging); LatePageByOffset is there for contrast.
//
//	go test -run '^$' -bench SvcAcctQuery10k/Interleaved -benchtime 300x -count 3 ./tenant
func BenchmarkSvcAcctQuery10k(b *testing.B) {
	f := tenanttest.New(b)
	seedMany(b, f, benchAccounts)
	tok := adminToken(b, f)
	const pageSize = "50"

	get := func(b *testing.B, params url.Values) envelope {
		res := f.Do(b, "GET", svcacctPath+"?"+params.Encode(), tok, nil)
		if res.Status != 200 {
			b.Fatalf("query: %s", res)
		}
		var env envelope
		res.JSON(b, &env)
		return env
	}
	// The cookie of page 190 of 200, sorted by name.
	sorted := url.Values{"_queryFilter": {"true"}, "_sortKeys": {"name"}, "_pageSize": {pageSize}, "_fields": {"name"}}
	cookie := ""
	for range 189 {
		p := url.Values{}
		for k, v := range sorted {
			p[k] = v
		}
		if cookie != "" {
			p.Set("_pagedResultsCookie", cookie)
		}
		env := get(b, p)
		cookie = *env.PagedResultsCookie
	}
	late := url.Values{"_pagedResultsCookie": {cookie}}
	for k, v := range sorted {
		late[k] = v
	}
	offset := url.Values{"_pagedResultsOffset": {"9450"}}
	for k, v := range sorted {
		offset[k] = v
	}

	// The console's late page: its cookie after 8,990 rows (page 900 of 1,000).
	consoleQuery := func(filter, cookie string) url.Values {
		v := url.Values{"_queryFilter": {filter}, "_sortKeys": {"name"}, "_pageSize": {"10"}, "_fields": {"_id,name,accountStatus"}}
		if cookie != "" {
			v.Set("_pagedResultsCookie", cookie)
		}
		return v
	}
	skip := consoleQuery("true", "")
	skip.Set("_pagedResultsOffset", "8980")
	consoleCookie := *get(b, skip).PagedResultsCookie

	// Interleaved in one loop, so machine load hits all three alike: the
	// figures to read are the ratios.
	b.Run("Interleaved", func(b *testing.B) {
		var first, byCookie, byOffset time.Duration
		for b.Loop() {
			for _, step := range []struct {
				params url.Values
				total  *time.Duration
			}{{sorted, &first}, {late, &byCookie}, {offset, &byOffset}} {
				start := time.Now()
				if env := get(b, step.params); env.ResultCount != 50 {
					b.Fatalf("%d results", env.ResultCount)
				}
				*step.total += time.Since(start)
			}
		}
		n := float64(b.N)
		b.ReportMetric(float64(first.Microseconds())/n, "first-µs/op")
		b.ReportMetric(float64(byCookie.Microseconds())/n, "cookie190-µs/op")
		b.ReportMetric(float64(byOffset.Microseconds())/n, "offset9450-µs/op")
		b.ReportMetric(float64(byCookie)/float64(first), "cookie/first")
		b.ReportMetric(float64(byOffset)/float64(first), "offset/first")
	})

	cases := []struct {
		name   string
		params url.Values
		want   int
	}{
		{"FirstPage", sorted, 50},
		{"LatePageByCookie", late, 50},
		{"LatePageByOffset", offset, 50},
		{"SearchNameCo", url.Values{"_queryFilter": {`name co "DEPLOY" and accountStatus eq "active"`}, "_sortKeys": {"name"}, "_pageSize": {pageSize}}, 50},
		{"SearchNameSw", url.Values{"_queryFilter": {`name sw "svc-0999"`}, "_sortKeys": {"name"}, "_pageSize": {pageSize}}, 10},
		{"ExactTotal", url.Values{"_queryFilter": {`accountStatus eq "inactive"`}, "_pageSize": {pageSize}, "_totalPagedResultsPolicy": {"EXACT"}}, 50},
		// What the console's list page sends: 10 rows, three fields, by name.
		{"ConsoleFirstPage", consoleQuery(`true`, ""), 10},
		{"ConsoleLatePage", consoleQuery(`true`, consoleCookie), 10},
		{"ConsoleSearchRare", consoleQuery(`name co "svc-0042"`, ""), 10},
		{"ConsoleSearchBroad", consoleQuery(`name co "deploy"`, ""), 10},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if env := get(b, c.params); env.ResultCount != c.want {
					b.Fatalf("%d results, want %d", env.ResultCount, c.want)
				}
			}
		})
	}
}
