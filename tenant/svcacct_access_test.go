package tenant_test

import (
	"testing"

	"github.com/pingclone/aic-console/tenant/store"
	"github.com/pingclone/aic-console/tenant/tenanttest"
)

// TestSvcAcctWhoMayDoWhat checks every call for every kind of caller:
// tenant-admin everything; tenant-auditor read and query only; a service
// account token its own record only; no or a bad token 401.
func TestSvcAcctWhoMayDoWhat(t *testing.T) {
	f := tenanttest.New(t)
	self, _ := f.NewServiceAccount(t, "self", "fr:idm:*")
	other, _ := f.NewServiceAccount(t, "other", "fr:am:*")
	admin := f.AdminToken(t, store.RoleTenantAdmin)
	auditor := f.AdminToken(t, store.RoleTenantAuditor)
	svc := f.ServiceAccountToken(t, self.ID, "fr:idm:*")
	svcNoIDM := f.ServiceAccountToken(t, other.ID, "fr:am:*")

	type call struct {
		name, method, path string
		body               func() any
	}
	one := func(id string) string { return svcacctPath + "/" + id }
	patchBody := func() any { return `[{"operation":"replace","field":"/description","value":"x"}]` }
	putBody := func() any { return validBody(t, "replaced") }
	calls := []call{
		{"create", "POST", svcacctPath + "?_action=create", func() any { return validBody(t, "new") }},
		{"query", "GET", svcacctPath + "?_queryFilter=true", nil},
		{"read own", "GET", one(self.ID), nil},
		{"read other", "GET", one(other.ID), nil},
		{"read missing", "GET", one("5e1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b"), nil},
		{"replace own", "PUT", one(self.ID), putBody},
		{"replace other", "PUT", one(other.ID), putBody},
		{"patch own", "PATCH", one(self.ID), patchBody},
		{"patch other", "PATCH", one(other.ID), patchBody},
		{"delete own", "DELETE", one(self.ID), nil},
	}
	want := map[string]map[string]int{
		"no token":  {},
		"bad token": {},
		"auditor": {"create": 403, "query": 200, "read own": 200, "read other": 200, "read missing": 404,
			"replace own": 403, "replace other": 403, "patch own": 403, "patch other": 403, "delete own": 403},
		"service account": {"create": 403, "query": 403, "read own": 200, "read other": 403, "read missing": 403,
			"replace own": 403, "replace other": 403, "patch own": 403, "patch other": 403, "delete own": 403},
		"service account without fr:idm:*": {"create": 403, "query": 403, "read own": 403, "read other": 403, "read missing": 403,
			"replace own": 403, "replace other": 403, "patch own": 403, "patch other": 403, "delete own": 403},
		// The admin runs last: its delete removes the record the others read.
		"admin": {"create": 201, "query": 200, "read own": 200, "read other": 200, "read missing": 404,
			"replace own": 200, "replace other": 200, "patch own": 200, "patch other": 200, "delete own": 200},
	}
	tokens := []struct{ who, token string }{
		{"no token", ""}, {"bad token", "not-a-token"}, {"auditor", auditor},
		{"service account", svc}, {"service account without fr:idm:*", svcNoIDM}, {"admin", admin},
	}
	for _, tk := range tokens {
		for _, c := range calls {
			t.Run(tk.who+"/"+c.name, func(t *testing.T) {
				status, ok := want[tk.who][c.name]
				if !ok {
					status = 401
				}
				var body any
				if c.body != nil {
					body = c.body()
				}
				res := f.Do(t, c.method, c.path, tk.token, body)
				wantStatus(t, res, status)
				if status >= 400 {
					o := res.Object(t)
					if o["code"] != float64(status) {
						t.Errorf("not a CREST error: %s", res.Body)
					}
					if status == 401 && o["message"] != "Access Denied" || status == 403 && o["message"] != "Access denied" {
						t.Errorf("message %v", o["message"])
					}
				}
			})
		}
	}
}

// TestSvcAcctTokenFollowsAccountLive: deactivating or deleting an account
// stops its tokens on the next call (the authenticator's live lookup).
func TestSvcAcctTokenFollowsAccountLive(t *testing.T) {
	f := tenanttest.New(t)
	a, _ := f.NewServiceAccount(t, "live", "fr:idm:*")
	tok := f.ServiceAccountToken(t, a.ID, "fr:idm:*")
	admin := adminToken(t, f)
	wantStatus(t, f.Do(t, "GET", svcacctPath+"/"+a.ID, tok, nil), 200)

	wantStatus(t, f.Do(t, "PATCH", svcacctPath+"/"+a.ID, admin, `[{"operation":"replace","field":"/accountStatus","value":"inactive"}]`), 200)
	wantStatus(t, f.Do(t, "GET", svcacctPath+"/"+a.ID, tok, nil), 401)

	wantStatus(t, f.Do(t, "PATCH", svcacctPath+"/"+a.ID, admin, `[{"operation":"replace","field":"/accountStatus","value":"active"}]`), 200)
	wantStatus(t, f.Do(t, "GET", svcacctPath+"/"+a.ID, tok, nil), 200)

	// Removing fr:idm:* from the account takes it from the token too.
	wantStatus(t, f.Do(t, "PATCH", svcacctPath+"/"+a.ID, admin, `[{"operation":"replace","field":"/scopes","value":["fr:am:*"]}]`), 200)
	wantStatus(t, f.Do(t, "GET", svcacctPath+"/"+a.ID, tok, nil), 403)

	wantStatus(t, f.Do(t, "DELETE", svcacctPath+"/"+a.ID, admin, nil), 200)
	wantStatus(t, f.Do(t, "GET", svcacctPath+"/"+a.ID, tok, nil), 401)
}

func TestSvcAcctUnsupportedMethodsAndActions(t *testing.T) {
	f := tenanttest.New(t)
	tok := adminToken(t, f)
	cases := []struct {
		method, path string
		status       int
	}{
		{"DELETE", svcacctPath, 405},
		{"PUT", svcacctPath, 405},
		{"POST", svcacctPath + "/5e1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b", 405},
		{"POST", svcacctPath, 400},
		{"POST", svcacctPath + "?_action=frobnicate", 400},
	}
	for _, c := range cases {
		res := f.Do(t, c.method, c.path, tok, validBody(t, "x"))
		wantStatus(t, res, c.status)
		if res.Object(t)["code"] != float64(c.status) {
			t.Errorf("%s %s: not a CREST error: %s", c.method, c.path, res.Body)
		}
		if c.status == 405 && res.Header.Get("Allow") == "" {
			t.Errorf("%s %s: 405 without Allow", c.method, c.path)
		}
	}
}
