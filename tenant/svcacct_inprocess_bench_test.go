package tenant_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime/pprof"
	"slices"
	"testing"
	"time"

	"github.com/pingclone/aic-console/tenant/tenanttest"
)

// BenchmarkSvcAcctConsoleQueries10k sends the console list page's queries
// (10 rows by name, _fields=_id,name,accountStatus) straight to the tenant's
// handler, in process as the console's default transport does (no socket),
// over 10,000 accounts: the first page, a late page by cookie (after 8,990
// rows) and a search (name co, 10 matches), interleaved so that machine load
// hits all alike. Per-op figures are handler time only; for profiles:
//
//	go test -run '^$' -bench SvcAcctConsoleQueries10k -benchtime 3000x -cpuprofile cpu.out ./tenant
func BenchmarkSvcAcctConsoleQueries10k(b *testing.B) {
	f := tenanttest.New(b)
	seedMany(b, f, benchAccounts)
	tok := adminToken(b, f)
	h := f.Tenant.Handler()
	query := func(filter, cookie string, offset int) string {
		v := url.Values{"_queryFilter": {filter}, "_sortKeys": {"name"}, "_pageSize": {"10"}, "_fields": {"_id,name,accountStatus"}}
		if cookie != "" {
			v.Set("_pagedResultsCookie", cookie)
		}
		if offset > 0 {
			v.Set("_pagedResultsOffset", "8980")
		}
		return svcacctPath + "?" + v.Encode()
	}
	serve := func(target string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
		}
		return rec
	}
	var skip envelope
	tenanttest.Response{Status: 200, Body: serve(query("true", "", 8980)).Body.Bytes()}.JSON(b, &skip)
	steps := []struct {
		name, target string
		total        time.Duration
	}{
		{name: "first", target: query("true", "", 0)},
		{name: "late", target: query("true", *skip.PagedResultsCookie, 0)},
		{name: "search", target: query(`name co "svc-0042"`, "", 0)},
	}
	if only := os.Getenv("BENCH_STEP"); only != "" { // one step alone, for its profile
		steps = slices.DeleteFunc(steps, func(s struct {
			name, target string
			total        time.Duration
		}) bool {
			return s.name != only
		})
	}
	for b.Loop() {
		for i := range steps {
			t0 := time.Now()
			// Labelled, so that a profile tells the steps apart (-tagfocus step=late).
			pprof.Do(context.Background(), pprof.Labels("step", steps[i].name), func(context.Context) { serve(steps[i].target) })
			steps[i].total += time.Since(t0)
		}
	}
	for _, s := range steps {
		b.ReportMetric(float64(s.total.Microseconds())/float64(b.N), s.name+"-µs/op")
	}
}
