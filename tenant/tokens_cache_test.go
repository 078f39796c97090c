package tenant

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/pingclone/aic-console/tenant/store"
)

// The grant keeps accounts in memory; every change an administrator makes
// through the service account API must still apply to the very next grant.
// Each step first warms the cache with a grant, then changes the account.
func TestGrantSeesAccountChangesAtOnce(t *testing.T) {
	tn, clock := tkTenant(t)
	admin := tkAdminToken(t, tn, "alice", store.RoleTenantAdmin)
	body, _ := json.Marshal(map[string]any{
		"name": "cached", "accountStatus": "active", "scopes": []string{"fr:idm:*", "fr:idc:esv:*"},
		"jwks": tkJWKS(t, nil, tkKey(t, 0)),
	})
	created := tkJSON(t, tn, "POST", "/openidm/managed/svcacct?_action=create", admin, string(body))
	if created.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", created.Status, created.Body)
	}
	id := created.JSON["_id"].(string)
	path := "/openidm/managed/svcacct/" + id
	grant := func(scope string) tkAnswer {
		t.Helper()
		return tkPostToken(t, tn, tkForm(tkSign(t, tkKey(t, 0), "", tkClaims(id, clock.Now())), scope))
	}
	change := func(method, body string) {
		t.Helper()
		if a := tkJSON(t, tn, method, path, admin, body); a.Status != http.StatusOK {
			t.Fatalf("%s %s: %d %s", method, path, a.Status, a.Body)
		}
	}
	mustGrant := func(scope string) {
		t.Helper()
		if a := grant(scope); a.Status != http.StatusOK {
			t.Fatalf("grant %q: %d %s", scope, a.Status, a.Body)
		}
	}
	refused := func(step, scope, wantError, wantDescription string) {
		t.Helper()
		a := grant(scope)
		if a.JSON["error"] != wantError || a.JSON["error_description"] != wantDescription {
			t.Errorf("%s: %d %s, want %s: %s", step, a.Status, a.Body, wantError, wantDescription)
		}
	}

	mustGrant("fr:idc:esv:read")
	change("PATCH", `[{"operation":"remove","field":"/scopes","value":"fr:idc:esv:*"}]`)
	refused("scope removed", "fr:idc:esv:read", "invalid_scope", "Unsupported scope for service account: fr:idc:esv:read")

	mustGrant("fr:idm:*")
	change("PATCH", `[{"operation":"replace","field":"/accountStatus","value":"inactive"}]`)
	refused("deactivated", "fr:idm:*", "invalid_grant", "The service account is inactive")

	change("PATCH", `[{"operation":"replace","field":"/accountStatus","value":"active"}]`)
	mustGrant("fr:idm:*")
	// Regenerate Key: the account's key set is replaced.
	change("PATCH", `[{"operation":"replace","field":"/jwks","value":`+mustJSON(t, tkJWKS(t, nil, tkKey(t, 1)))+`}]`)
	refused("old key after regenerate", "fr:idm:*", "invalid_grant", "The assertion's signature does not verify with the service account's keys")

	change("PATCH", `[{"operation":"replace","field":"/jwks","value":`+mustJSON(t, tkJWKS(t, nil, tkKey(t, 0)))+`}]`)
	mustGrant("fr:idm:*")
	change("DELETE", "")
	refused("deleted", "fr:idm:*", "invalid_grant", "The service account named by iss does not exist")
}

// An unknown issuer is remembered as unknown only until an account is
// created under that id.
func TestGrantSeesCreatedAccountAtOnce(t *testing.T) {
	tn, clock := tkTenant(t)
	admin := tkAdminToken(t, tn, "alice", store.RoleTenantAdmin)
	id := "0c7f4a52-4a43-4d7a-9b59-6a4ad2f3e1aa"
	form := func() map[string][]string {
		return tkForm(tkSign(t, tkKey(t, 0), "", tkClaims(id, clock.Now())), "fr:idm:*")
	}
	if a := tkPostToken(t, tn, form()); a.JSON["error_description"] != "The service account named by iss does not exist" {
		t.Fatalf("unknown account: %s", a.Body)
	}
	body, _ := json.Marshal(map[string]any{
		"name": "late", "accountStatus": "active", "scopes": []string{"fr:idm:*"}, "jwks": tkJWKS(t, nil, tkKey(t, 0)),
	})
	if a := tkJSON(t, tn, "PUT", "/openidm/managed/svcacct/"+id, admin, string(body)); a.Status != http.StatusCreated {
		t.Fatalf("create with PUT: %d %s", a.Status, a.Body)
	}
	if a := tkPostToken(t, tn, form()); a.Status != http.StatusOK {
		t.Fatalf("grant after create: %d %s", a.Status, a.Body)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
