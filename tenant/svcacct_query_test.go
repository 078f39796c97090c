package tenant_test

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/pingclone/aic-console/tenant/store"
	"github.com/pingclone/aic-console/tenant/tenanttest"
)

type envelope struct {
	Result                  []map[string]any `json:"result"`
	ResultCount             int              `json:"resultCount"`
	PagedResultsCookie      *string          `json:"pagedResultsCookie"`
	TotalPagedResultsPolicy string           `json:"totalPagedResultsPolicy"`
	TotalPagedResults       int              `json:"totalPagedResults"`
	RemainingPagedResults   int              `json:"remainingPagedResults"`
}

func queryEnv(t testing.TB, f *tenanttest.Fixture, params url.Values) envelope {
	t.Helper()
	res := f.Do(t, "GET", svcacctPath+"?"+params.Encode(), adminToken(t, f), nil)
	wantStatus(t, res, 200)
	var env envelope
	res.JSON(t, &env)
	if env.ResultCount != len(env.Result) {
		t.Fatalf("resultCount %d, %d results", env.ResultCount, len(env.Result))
	}
	return env
}

func names(env envelope) string {
	var out []string
	for _, r := range env.Result {
		out = append(out, fmt.Sprint(r["name"]))
	}
	return strings.Join(out, ",")
}

// seedAccounts stores accounts straight into the store (fast), by name.
func seedAccounts(t testing.TB, f *tenanttest.Fixture, specs ...store.SvcAcct) {
	t.Helper()
	for _, a := range specs {
		if a.AccountStatus == "" {
			a.AccountStatus = "active"
		}
		if a.Scopes == nil {
			a.Scopes = []string{"fr:am:*"}
		}
		a.JWKS = publicJWKS(t)
		if _, err := f.Tenant.Store().CreateSvcAcct(context.Background(), "seed", a); err != nil {
			t.Fatal(err)
		}
	}
}

func ptr(s string) *string { return &s }

func TestSvcAcctQueryFilters(t *testing.T) {
	f := tenanttest.New(t)
	seedAccounts(t, f,
		store.SvcAcct{Name: "ci-pipeline", Description: ptr("Builds and deploys"), Scopes: []string{"fr:am:*", "fr:idm:*"}},
		store.SvcAcct{Name: "CI-nightly", Description: ptr("nightly builds"), AccountStatus: "inactive"},
		store.SvcAcct{Name: "Élan monitor", Description: nil, Scopes: []string{"fr:idc:esv:read"}},
		store.SvcAcct{Name: "backup", Description: ptr("")},
	)
	cases := []struct{ filter, want string }{
		{`true`, "CI-nightly,backup,ci-pipeline,Élan monitor"},
		{`false`, ""},
		{`name eq "ci-pipeline"`, "ci-pipeline"},
		{`name eq "CI-PIPELINE"`, ""}, // eq is exact
		{`/name eq "backup"`, "backup"},
		{`name sw "ci"`, "CI-nightly,ci-pipeline"}, // sw ignores case
		{`name sw "élan"`, "Élan monitor"},         // ... beyond ASCII too
		{`name co "NIGHT"`, "CI-nightly"},
		{`description co "builds"`, "CI-nightly,ci-pipeline"},
		{`accountStatus eq "active"`, "backup,ci-pipeline,Élan monitor"},
		{`accountStatus eq "inactive" or name eq "backup"`, "CI-nightly,backup"},
		{`name sw "ci" and accountStatus eq "active"`, "ci-pipeline"},
		{`!(name sw "ci")`, "backup,Élan monitor"},
		{`not (description co "build")`, "backup,Élan monitor"}, // null description counts as not matching
		{`description pr`, "CI-nightly,backup,ci-pipeline"},
		{`!(description pr)`, "Élan monitor"},
		{`scopes eq "fr:idm:*"`, "ci-pipeline"},
		{`scopes co "esv"`, "Élan monitor"},
		{`(name sw "ci" or name sw "b") and !(accountStatus eq "inactive")`, "backup,ci-pipeline"},
		{`name gt "a" and name lt "c"`, "backup"},
		{`name eq 'backup'`, "backup"},
		{`NAME EQ "backup"`, ""}, // operators are case-insensitive; field names are not
	}
	for _, c := range cases {
		t.Run(c.filter, func(t *testing.T) {
			if strings.HasPrefix(c.filter, "NAME") {
				res := f.Do(t, "GET", svcacctPath+"?"+url.Values{"_queryFilter": {c.filter}}.Encode(), adminToken(t, f), nil)
				wantStatus(t, res, 400) // unknown field NAME
				return
			}
			env := queryEnv(t, f, url.Values{"_queryFilter": {c.filter}, "_sortKeys": {"name"}})
			if got := names(env); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestSvcAcctQueryRefusesBadParameters(t *testing.T) {
	f := tenanttest.New(t)
	cases := []struct{ query, field string }{
		{"", "_queryFilter"},
		{"_queryFilter=", "_queryFilter"},
		{"_queryFilter=name+eq", "_queryFilter"},
		{"_queryFilter=name+eq+%22x", "_queryFilter"},
		{"_queryFilter=name+like+%22x%22", "_queryFilter"},
		{"_queryFilter=(name+eq+%22x%22", "_queryFilter"},
		{"_queryFilter=name+eq+%22x%22)", "_queryFilter"},
		{"_queryFilter=name+eq+%22x%22+and", "_queryFilter"},
		{"_queryFilter=password+eq+%22x%22", "_queryFilter"},
		{"_queryFilter=jwks+pr", "_queryFilter"},
		{"_queryFilter=name+eq+42", "_queryFilter"},
		{"_queryFilter=name+eq+x", "_queryFilter"},
		{"_queryFilter=" + url.QueryEscape(strings.Repeat("(", 40)+"true"+strings.Repeat(")", 40)), "_queryFilter"},
		{"_queryFilter=true&_pageSize=-1", "_pageSize"},
		{"_queryFilter=true&_pageSize=ten", "_pageSize"},
		{"_queryFilter=true&_pagedResultsOffset=-5", "_pagedResultsOffset"},
		{"_queryFilter=true&_sortKeys=colour", "_sortKeys"},
		{"_queryFilter=true&_sortKeys=scopes", "_sortKeys"},
		{"_queryFilter=true&_totalPagedResultsPolicy=SOME", "_totalPagedResultsPolicy"},
		{"_queryFilter=true&_pageSize=1&_pagedResultsCookie=garbage", "_pagedResultsCookie"},
		{"_queryId=query-by-name", "_queryId"},
		{"_queryExpression=select", "_queryExpression"},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			res := f.Do(t, "GET", svcacctPath+"?"+c.query, adminToken(t, f), nil)
			wantStatus(t, res, 400)
			o := res.Object(t)
			detail, _ := o["detail"].(map[string]any)
			if o["code"] != float64(400) || detail["field"] != c.field {
				t.Errorf("body %s, want detail.field %q", res.Body, c.field)
			}
		})
	}
}

// TestSvcAcctQueryPaging walks every page with the cookie, in several sort
// orders, and checks it sees each account exactly once, in order.
func TestSvcAcctQueryPaging(t *testing.T) {
	f := tenanttest.New(t)
	var seeded []store.SvcAcct
	for i := range 23 {
		a := store.SvcAcct{Name: fmt.Sprintf("acct-%02d", i%10)} // duplicate names test the tie-breaker
		if i%3 == 0 {
			a.Description = ptr(fmt.Sprintf("d%d", i%4))
		}
		seeded = append(seeded, a)
	}
	seedAccounts(t, f, seeded...)
	for _, sortKeys := range []string{"", "name", "-name", "name,-description", "-description,name", "_id", "-accountStatus,-name"} {
		t.Run("sort "+sortKeys, func(t *testing.T) {
			all := queryEnv(t, f, url.Values{"_queryFilter": {"true"}, "_sortKeys": {sortKeys}, "_fields": {"name,description"}})
			if all.ResultCount != 23 || all.PagedResultsCookie != nil {
				t.Fatalf("unpaged: %d results, cookie %v", all.ResultCount, all.PagedResultsCookie)
			}
			var paged []map[string]any
			cookie := ""
			for pages := 0; ; pages++ {
				if pages > 10 {
					t.Fatal("paging does not end")
				}
				p := url.Values{"_queryFilter": {"true"}, "_sortKeys": {sortKeys}, "_pageSize": {"5"}, "_fields": {"name,description"}}
				if cookie != "" {
					p.Set("_pagedResultsCookie", cookie)
				}
				env := queryEnv(t, f, p)
				paged = append(paged, env.Result...)
				if env.PagedResultsCookie == nil {
					if env.ResultCount == 0 || env.ResultCount > 5 {
						t.Errorf("last page has %d results", env.ResultCount)
					}
					break
				}
				if env.ResultCount != 5 {
					t.Errorf("a middle page has %d results", env.ResultCount)
				}
				cookie = *env.PagedResultsCookie
			}
			if string(mustJSON(paged)) != string(mustJSON(all.Result)) {
				t.Errorf("pages differ from the unpaged order:\n%s\n%s", mustJSON(paged), mustJSON(all.Result))
			}
			if sortKeys == "name" || sortKeys == "-name" {
				got := make([]string, len(paged))
				for i, r := range paged {
					got[i] = r["name"].(string)
				}
				ok := sort.SliceIsSorted(got, func(i, j int) bool {
					if sortKeys == "-name" {
						return got[i] > got[j]
					}
					return got[i] < got[j]
				})
				if !ok {
					t.Errorf("not sorted by %s: %v", sortKeys, got)
				}
			}
		})
	}

	t.Run("offset and EXACT total", func(t *testing.T) {
		all := queryEnv(t, f, url.Values{"_queryFilter": {"true"}, "_sortKeys": {"name"}})
		env := queryEnv(t, f, url.Values{"_queryFilter": {"true"}, "_sortKeys": {"name"}, "_pageSize": {"4"},
			"_pagedResultsOffset": {"20"}, "_totalPagedResultsPolicy": {"EXACT"}})
		if env.ResultCount != 3 || env.PagedResultsCookie != nil || env.TotalPagedResults != 23 ||
			env.TotalPagedResultsPolicy != "EXACT" || env.RemainingPagedResults != -1 {
			t.Errorf("envelope %+v", env)
		}
		if env.Result[0]["_id"] != all.Result[20]["_id"] {
			t.Errorf("offset 20 starts at %v, want %v", env.Result[0]["_id"], all.Result[20]["_id"])
		}
		filtered := queryEnv(t, f, url.Values{"_queryFilter": {`name eq "acct-03"`}, "_pageSize": {"1"}, "_totalPagedResultsPolicy": {"EXACT"}})
		if filtered.TotalPagedResults != 2 || filtered.ResultCount != 1 || filtered.PagedResultsCookie == nil {
			t.Errorf("filtered envelope %+v", filtered)
		}
	})
	t.Run("cookie of another sort order is refused", func(t *testing.T) {
		env := queryEnv(t, f, url.Values{"_queryFilter": {"true"}, "_sortKeys": {"name"}, "_pageSize": {"5"}})
		res := f.Do(t, "GET", svcacctPath+"?"+url.Values{"_queryFilter": {"true"}, "_sortKeys": {"-name"}, "_pageSize": {"5"},
			"_pagedResultsCookie": {*env.PagedResultsCookie}}.Encode(), adminToken(t, f), nil)
		wantStatus(t, res, 400)
	})
	t.Run("_queryId=query-all", func(t *testing.T) {
		if env := queryEnv(t, f, url.Values{"_queryId": {"query-all"}}); env.ResultCount != 23 {
			t.Errorf("%d results", env.ResultCount)
		}
	})
}
