package tenant_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/pingclone/aic-console/tenant/audit"
)

// The console's way in (sign-in, then the authorization code grant) leaves a
// signin.success and a token.granted event for the administrator, and the
// auditor reads them with the token it obtained the same way.
func TestAuditRecordsAdministratorSignInAndCodeGrant(t *testing.T) {
	e := newSigninEnv(t)
	e.authenticate(signinAdmin, "not the password").Body.Close()
	adminToken := e.accessToken(signinAdmin, signinAdminPass)
	auditorToken := e.accessToken(signinAuditor, signinAuditorPwd)
	if adminToken == "" || auditorToken == "" {
		t.Fatal("no tokens")
	}
	resp := e.bearer("GET", "/environment/audit/events?actor="+signinAdmin, auditorToken, nil)
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("auditor read: %d %s", resp.StatusCode, bodyString(t, resp))
	}
	var env struct{ Result []map[string]any }
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, ev := range env.Result {
		actions = append(actions, ev["action"].(string))
	}
	want := []string{audit.ActionTokenGranted, audit.ActionSignIn, audit.ActionSignInFailed} // newest first
	if len(actions) != len(want) {
		t.Fatalf("actions %v, want %v", actions, want)
	}
	for i := range want {
		if actions[i] != want[i] {
			t.Fatalf("actions %v, want %v", actions, want)
		}
	}
	grant := env.Result[0]
	if grant["actorKind"] != audit.ActorAdmin || grant["targetId"] != "" || len(grant["scopesGranted"].([]any)) == 0 {
		t.Fatalf("grant event %v", grant)
	}
}
