package tenant_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/pingclone/aic-console/tenant/crest/query"
	"github.com/pingclone/aic-console/tenant/store"
	"github.com/pingclone/aic-console/tenant/svcacct"
	"github.com/pingclone/aic-console/tenant/tenanttest"
)

// TestSvcAcctQueryWireBytes checks the query answer byte for byte against
// what encoding/json makes of the envelope of projected full objects (each
// account read whole from the store), for each _fields shape, paged and not,
// with totals: the written-by-hand answer and the columns a projection skips
// change nothing on the wire.
func TestSvcAcctQueryWireBytes(t *testing.T) {
	f := tenanttest.New(t)
	seedAccounts(t, f,
		store.SvcAcct{Name: "ci <pipeline> & co", Description: ptr(`says "hi" \ é` + "\u2028")},
		store.SvcAcct{Name: "ÉLAN 🚀", AccountStatus: "inactive", Scopes: []string{"fr:am:*", "fr:idm:*"}},
		store.SvcAcct{Name: "plain", Description: ptr("")},
	)
	for _, fields := range []string{"", "*", "_id,name,accountStatus", "name", "_id", "description,jwks", "scopes,unknown", "maxCachingTime,quotaLimit,maxIdleTime,maxSessionTime,_rev"} {
		for _, params := range []url.Values{
			{"_queryFilter": {"true"}, "_sortKeys": {"name"}},
			{"_queryFilter": {"true"}, "_sortKeys": {"-name"}, "_pageSize": {"2"}, "_totalPagedResultsPolicy": {"EXACT"}},
			{"_queryFilter": {`name co "élan" or description pr`}, "_pageSize": {"1"}},
			{"_queryFilter": {`name eq "none"`}},
		} {
			p := url.Values{}
			for k, v := range params {
				p[k] = v
			}
			if fields != "" {
				p.Set("_fields", fields)
			}
			res := f.Do(t, "GET", svcacctPath+"?"+p.Encode(), adminToken(t, f), nil)
			wantStatus(t, res, 200)
			if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=UTF-8" {
				t.Errorf("Content-Type %q", ct)
			}
			var env envelope
			res.JSON(t, &env)
			fieldList, err := query.ParseFields(fields)
			if err != nil {
				t.Fatal(err)
			}
			results := []any{}
			for _, r := range env.Result {
				a, err := f.Tenant.Store().GetSvcAcct(context.Background(), r["_id"].(string))
				if err != nil {
					t.Fatal(err)
				}
				results = append(results, query.Project(svcacct.Object(a), fieldList))
			}
			page := query.Page{Policy: query.TotalPolicy(env.TotalPagedResultsPolicy), Total: env.TotalPagedResults}
			if env.PagedResultsCookie != nil {
				page.Cookie = *env.PagedResultsCookie
			}
			var want bytes.Buffer
			if err := json.NewEncoder(&want).Encode(query.NewEnvelope(results, page)); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(res.Body, want.Bytes()) {
				t.Errorf("%s:\n got %s\nwant %s", p.Encode(), res.Body, want.Bytes())
			}
		}
	}
}
