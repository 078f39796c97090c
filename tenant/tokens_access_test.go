package tenant

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/pingclone/aic-console/tenant/store"
)

// tkScopedToken makes an active account holding held and returns a token for
// it, with the account id.
func tkScopedToken(t *testing.T, tn *Tenant, clock *tkClock, held ...string) (token, id string) {
	t.Helper()
	id = uuid.NewString()
	tkPutAccount(t, tn, id, "active", held, tkJWKS(t, nil, tkKey(t, 0)))
	return tkGrant(t, tn, clock, id, tkKey(t, 0), ""), id
}

func tkJSON(t *testing.T, tn *Tenant, method, path, bearer, body string) tkAnswer {
	t.Helper()
	return tkDo(t, tn.Handler(), method, path, bearer, strings.NewReader(body), "application/json")
}

func TestResourcesOpenOnlyToTheirScopes(t *testing.T) {
	tn, clock := tkTenant(t)
	cases := []struct {
		name           string
		method, path   string
		body           string
		open, closed   string
		wantOpenStatus int
	}{
		{"list variables", "GET", "/environment/variables", "", "fr:idc:esv:read", "fr:am:*", 200},
		{"read variable", "GET", "/environment/variables/esv-tenant-fqdn", "", "fr:idc:esv:*", "fr:idc:certificate:*", 200},
		{"write variable", "PUT", "/environment/variables/esv-new-one", `{"valueBase64":"eA==","expressionType":"string"}`, "fr:idc:esv:update", "fr:idc:esv:read", 201},
		{"delete variable", "DELETE", "/environment/variables/esv-session-timeout-minutes", "", "fr:idc:esv:update", "fr:idc:esv:restart", 200},
		{"list secrets", "GET", "/environment/secrets", "", "fr:idc:esv:read", "fr:idc:esv:update", 200},
		{"write secret", "PUT", "/environment/secrets/esv-api-key", `{"valueBase64":"c2VjcmV0","encoding":"generic"}`, "fr:idc:esv:*", "fr:idc:esv:read", 201},
		{"secret versions", "GET", "/environment/secrets/esv-smtp-password/versions", "", "fr:idc:esv:read", "fr:idc:certificate:*", 200},
		{"restart status", "GET", "/environment/startup", "", "fr:idc:esv:restart", "fr:idc:certificate:read", 200},
		{"restart", "POST", "/environment/startup?_action=restart", "", "fr:idc:esv:restart", "fr:idc:esv:update", 200},
		{"list certificates", "GET", "/environment/certificates", "", "fr:idc:certificate:read", "fr:idc:esv:*", 200},
		{"upload certificate", "POST", "/environment/certificates", `{}`, "fr:idc:certificate:*", "fr:idc:certificate:read", 501},
		{"query identities", "GET", "/openidm/managed/alpha_user?_queryFilter=true", "", "fr:idm:*", "fr:am:*", 200},
		{"create identity", "POST", "/openidm/managed/alpha_user?_action=create", `{"userName":"new1","givenName":"N","sn":"U","mail":"n@example.com"}`, "fr:idm:*", "fr:idc:esv:*", 201},
		{"other idm api", "GET", "/openidm/config/managed", "", "fr:idm:*", "fr:am:*", 501},
		{"am api", "GET", "/am/json/realms/root/realms/alpha/users/x", "", "fr:am:*", "fr:idm:*", 501},
		{"csp api", "GET", "/environment/content-security-policy/enforced", "", "fr:idc:content-security-policy:*", "fr:idc:esv:*", 501},
		{"cookie domains", "GET", "/environment/cookie-domains", "", "fr:idc:cookie-domain:*", "fr:am:*", 501},
		{"custom domains", "GET", "/environment/custom-domains/alpha", "", "fr:idc:custom-domain:*", "fr:am:*", 501},
		{"promotion", "GET", "/environment/promotion/promote", "", "fr:idc:promotion:*", "fr:idc:release:*", 501},
		{"release", "GET", "/environment/release", "", "fr:idc:release:*", "fr:idc:promotion:*", 501},
		{"sso cookie", "GET", "/environment/sso-cookie", "", "fr:idc:sso-cookie:*", "fr:am:*", 501},
		{"telemetry", "GET", "/environment/telemetry/otlp", "", "fr:idc:telemetry:*", "fr:am:*", 501},
		{"analytics", "GET", "/environment/analytics", "", "fr:idc:analytics:*", "fr:am:*", 501},
		{"datasets", "DELETE", "/environment/datasets/x", "", "fr:idc:dataset:*", "fr:am:*", 501},
		{"mtls", "GET", "/environment/mtls", "", "fr:idc:mtls:*", "fr:am:*", 501},
		{"proxy connect read", "GET", "/environment/proxy-connect/ip-rules", "", "fr:idc:proxy-connect:read", "fr:idc:proxy-connect:write", 501},
		{"proxy connect write", "PUT", "/environment/proxy-connect/ip-rules", `{}`, "fr:idc:proxy-connect:write", "fr:idc:proxy-connect:read", 501},
		{"ws-fed", "GET", "/environment/ws-fed", "", "fr:idc:ws:admin", "fr:am:*", 501},
		{"iga", "GET", "/iga/governance/user", "", "fr:iga:*", "fr:idm:*", 501},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			open, _ := tkScopedToken(t, tn, clock, tc.open)
			closed, _ := tkScopedToken(t, tn, clock, tc.closed)
			if a := tkJSON(t, tn, tc.method, tc.path, closed, tc.body); a.Status != http.StatusForbidden || a.JSON["reason"] != "Forbidden" {
				t.Errorf("with %s: %d %s, want CREST 403", tc.closed, a.Status, a.Body)
			}
			if a := tkJSON(t, tn, tc.method, tc.path, "", tc.body); a.Status != http.StatusUnauthorized || a.JSON["code"] != float64(401) {
				t.Errorf("without token: %d %s, want CREST 401", a.Status, a.Body)
			}
			a := tkJSON(t, tn, tc.method, tc.path, open, tc.body)
			if a.Status != tc.wantOpenStatus {
				t.Fatalf("with %s: %d %s, want %d", tc.open, a.Status, a.Body, tc.wantOpenStatus)
			}
			if a.Status == http.StatusNotImplemented && !strings.Contains(a.JSON["message"].(string), "not emulated") {
				t.Errorf("501 without saying so: %s", a.Body)
			}
			if a.Header.Get("Deprecation") != "" {
				t.Errorf("Deprecation header with %s", tc.open)
			}
		})
	}
}

func TestIDMScopeOpensESVsDeprecated(t *testing.T) {
	tn, clock := tkTenant(t)
	idm, _ := tkScopedToken(t, tn, clock, "fr:idm:*")
	a := tkJSON(t, tn, "GET", "/environment/variables", idm, "")
	if a.Status != 200 || a.Header.Get("Deprecation") == "" || !strings.Contains(a.Header.Get("Link"), "deprecation") {
		t.Fatalf("fr:idm:* on ESVs: %d %v", a.Status, a.Header)
	}
	a = tkJSON(t, tn, "PUT", "/environment/variables/esv-by-idm", idm, `{"valueBase64":"eA=="}`)
	if a.Status != 201 || a.Header.Get("Deprecation") == "" {
		t.Fatalf("fr:idm:* writing an ESV: %d %s", a.Status, a.Body)
	}
}

func TestFederationNeverOpenToServiceAccounts(t *testing.T) {
	tn, clock := tkTenant(t)
	everything, _ := tkScopedToken(t, tn, clock, "fr:am:*", "fr:idm:*", "fr:idc:esv:*", "fr:idc:federation:*")
	if a := tkJSON(t, tn, "GET", "/environment/federation/enforcement", everything, ""); a.Status != 403 {
		t.Fatalf("service account on federation: %d %s", a.Status, a.Body)
	}
	admin := tkAdminToken(t, tn, "root", store.RoleTenantAdmin)
	if a := tkJSON(t, tn, "GET", "/environment/federation/enforcement", admin, ""); a.Status != 501 {
		t.Fatalf("administrator on federation: %d %s", a.Status, a.Body)
	}
}

func TestAdministratorsOnResources(t *testing.T) {
	tn, _ := tkTenant(t)
	admin := tkAdminToken(t, tn, "root", store.RoleTenantAdmin)
	auditor := tkAdminToken(t, tn, "support", store.RoleTenantAuditor)
	if a := tkJSON(t, tn, "PUT", "/environment/variables/esv-admin", admin, `{"valueBase64":"eA=="}`); a.Status != 201 || a.JSON["lastChangedBy"] != "root" {
		t.Fatalf("admin write: %d %s", a.Status, a.Body)
	}
	if a := tkJSON(t, tn, "GET", "/environment/variables/esv-admin", auditor, ""); a.Status != 200 {
		t.Fatalf("auditor read: %d %s", a.Status, a.Body)
	}
	for _, w := range []struct{ method, path, body string }{
		{"PUT", "/environment/variables/esv-admin", `{"valueBase64":"eQ=="}`},
		{"DELETE", "/environment/variables/esv-admin", ""},
		{"POST", "/environment/startup?_action=restart", ""},
		{"PUT", "/environment/secrets/esv-x", `{"valueBase64":"eQ=="}`},
	} {
		if a := tkJSON(t, tn, w.method, w.path, auditor, w.body); a.Status != 403 {
			t.Errorf("auditor %s %s: %d %s", w.method, w.path, a.Status, a.Body)
		}
	}
}

// A token already in hand loses access at once, on every resource, when its
// account is deleted, deactivated or loses the scope.
func TestServiceAccountTokensRevokedLive(t *testing.T) {
	tn, clock := tkTenant(t)
	jwks := tkJWKS(t, nil, tkKey(t, 0))
	resources := []struct {
		name, method, path, scope, other string
	}{
		{"variables", "GET", "/environment/variables", "fr:idc:esv:*", "fr:am:*"},
		{"secrets", "GET", "/environment/secrets", "fr:idc:esv:read", "fr:idc:esv:update"},
		{"startup", "GET", "/environment/startup", "fr:idc:esv:restart", "fr:idc:certificate:*"},
		{"certificates", "GET", "/environment/certificates", "fr:idc:certificate:read", "fr:idc:esv:*"},
		{"identities", "GET", "/openidm/managed/alpha_user?_queryFilter=true", "fr:idm:*", "fr:am:*"},
		{"am", "GET", "/am/json/realms/root/realms/alpha/users", "fr:am:*", "fr:idm:*"},
	}
	for _, res := range resources {
		for _, tc := range []struct {
			name   string
			change func(id string)
			want   int
		}{
			{"scope removed", func(id string) { tkPutAccount(t, tn, id, "active", []string{res.other}, jwks) }, 403},
			{"deactivated", func(id string) { tkPutAccount(t, tn, id, "inactive", []string{res.scope}, jwks) }, 401},
			{"deleted", func(id string) { tkDeleteAccount(t, tn, id) }, 401},
		} {
			t.Run(res.name+"/"+tc.name, func(t *testing.T) {
				token, id := tkScopedToken(t, tn, clock, res.scope)
				if a := tkJSON(t, tn, res.method, res.path, token, ""); a.Status >= 400 && a.Status != 501 {
					t.Fatalf("before: %d %s", a.Status, a.Body)
				}
				tc.change(id)
				if a := tkJSON(t, tn, res.method, res.path, token, ""); a.Status != tc.want {
					t.Fatalf("after: %d %s, want %d", a.Status, a.Body, tc.want)
				}
			})
		}
	}
}

// A child scope left after the parent is removed still opens only what the
// child opens.
func TestParentScopeReplacedByChild(t *testing.T) {
	tn, clock := tkTenant(t)
	token, id := tkScopedToken(t, tn, clock, "fr:idc:esv:*")
	tkPutAccount(t, tn, id, "active", []string{"fr:idc:esv:read"}, tkJWKS(t, nil, tkKey(t, 0)))
	// The token's scope is fr:idc:esv:*; the account now holds only a child,
	// which does not cover the parent, so nothing the token names is left.
	if a := tkJSON(t, tn, "GET", "/environment/variables", token, ""); a.Status != 403 {
		t.Fatalf("after narrowing: %d %s", a.Status, a.Body)
	}
}
