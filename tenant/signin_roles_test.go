package tenant_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pingclone/aic-console/tenant/tenanttest"
)

// Tokens from the sign-in dance carry the administrator's role: an auditor's
// may read service accounts but not create one; an administrator's may.
func TestSignedInRolesOnServiceAccounts(t *testing.T) {
	e := newSigninEnv(t)
	admin := e.accessToken(signinAdmin, signinAdminPass)
	auditor := e.accessToken(signinAuditor, signinAuditorPwd)

	key := tenanttest.NewRSAKey(t)
	body, _ := json.Marshal(map[string]any{
		"name": "ci-pipeline", "description": "signed-in test", "accountStatus": "active",
		"scopes": []string{"fr:idm:*"}, "jwks": tenanttest.PublicJWKS(t, key, ""),
	})
	create := func(token string) *http.Response {
		return e.bearer(http.MethodPost, "/openidm/managed/svcacct?_action=create", token, strings.NewReader(string(body)))
	}
	var forbidden map[string]any
	decodeSignin(t, create(auditor), http.StatusForbidden, &forbidden)
	if forbidden["code"] != float64(403) {
		t.Fatalf("auditor create: %v", forbidden)
	}
	decodeSignin(t, create(""), http.StatusUnauthorized, nil)
	decodeSignin(t, create("garbage"), http.StatusUnauthorized, nil)
	var created map[string]any
	decodeSignin(t, create(admin), http.StatusCreated, &created)
	decodeSignin(t, e.bearer(http.MethodGet, "/openidm/managed/svcacct/"+created["_id"].(string), auditor, nil), http.StatusOK, nil)
	decodeSignin(t, e.bearer(http.MethodDelete, "/openidm/managed/svcacct/"+created["_id"].(string), auditor, nil), http.StatusForbidden, nil)
}

func TestInfoLoginNamesTheCaller(t *testing.T) {
	e := newSigninEnv(t)
	cases := []struct{ user, pass, role string }{
		{signinAdmin, signinAdminPass, "tenant-admin"},
		{signinAuditor, signinAuditorPwd, "tenant-auditor"},
	}
	for _, tc := range cases {
		var who struct {
			ID               string `json:"_id"`
			AuthenticationID string `json:"authenticationId"`
			Authorization    struct {
				ID    string   `json:"id"`
				Role  string   `json:"role"`
				Roles []string `json:"roles"`
			} `json:"authorization"`
		}
		decodeSignin(t, e.bearer(http.MethodGet, "/openidm/info/login", e.accessToken(tc.user, tc.pass), nil), http.StatusOK, &who)
		if who.ID != "login" || who.AuthenticationID != tc.user || who.Authorization.ID != tc.user || who.Authorization.Role != tc.role {
			t.Fatalf("%s: %+v", tc.user, who)
		}
		isAdmin := strings.Contains(strings.Join(who.Authorization.Roles, ","), "openidm-admin")
		if isAdmin != (tc.role == "tenant-admin") {
			t.Fatalf("%s roles %v", tc.user, who.Authorization.Roles)
		}
	}
	decodeSignin(t, e.bearer(http.MethodGet, "/openidm/info/login", "", nil), http.StatusUnauthorized, nil)
}
