package tenant_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The whole dance as a script written for a real tenant does it.
func TestSignInScriptDance(t *testing.T) {
	e := newSigninEnv(t)

	var info map[string]any
	decodeSignin(t, e.do(http.MethodGet, "/am/json/serverinfo/*", nil, nil), http.StatusOK, &info)
	if info["cookieName"] != "iPlanetDirectoryPro" || info["realm"] != "/" {
		t.Fatalf("serverinfo = %v", info)
	}
	if d, _ := info["domains"].([]any); len(d) != 1 || d[0] != "tenant.test" {
		t.Fatalf("serverinfo domains = %v", info["domains"])
	}
	var version map[string]string
	decodeSignin(t, e.do(http.MethodGet, "/am/json/serverinfo/version", nil, nil), http.StatusOK, &version)
	if version["_id"] != "version" || !strings.HasPrefix(version["version"], "7.") ||
		!strings.Contains(version["fullVersion"], version["version"]+" Build ") || version["revision"] == "" || version["date"] == "" {
		t.Fatalf("version = %v", version)
	}

	resp := e.authenticate(signinAdmin, signinAdminPass)
	var authn map[string]string
	decodeSignin(t, resp, http.StatusOK, &authn)
	tokenID := authn["tokenId"]
	if len(tokenID) < 43 || authn["successUrl"] != "/enduser/?realm=/" || authn["realm"] != "/" {
		t.Fatalf("authenticate = %v", authn)
	}
	c := findCookie(resp, "iPlanetDirectoryPro")
	if c == nil || c.Value != tokenID || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure {
		t.Fatalf("session cookie = %+v", c)
	}

	var sess map[string]any
	decodeSignin(t, e.do(http.MethodPost, "/am/json/realms/root/sessions/?_action=getSessionInfo",
		strings.NewReader(`{"tokenId":"`+tokenID+`"}`),
		http.Header{"Content-Type": {"application/json"}, "Accept-Api-Version": {"resource=4.0"}, "iPlanetDirectoryPro": {tokenID}}),
		http.StatusOK, &sess)
	if sess["username"] != signinAdmin || sess["realm"] != "/" || sess["universalId"] == "" {
		t.Fatalf("getSessionInfo = %v", sess)
	}
	for _, k := range []string{"latestAccessTime", "maxIdleExpirationTime", "maxSessionExpirationTime"} {
		if _, err := time.Parse(time.RFC3339, sess[k].(string)); err != nil {
			t.Fatalf("%s = %v: %v", k, sess[k], err)
		}
	}
	if _, ok := sess["properties"].(map[string]any); !ok {
		t.Fatalf("properties = %v", sess["properties"])
	}

	// Authorize with the session as a header, and as the cookie.
	p := newTestPKCE("verifier-")
	q := redirectQuery(t, e.postForm("/am/oauth2/authorize", authorizeForm(tokenID, p, platformRedirect),
		http.Header{"iPlanetDirectoryPro": {tokenID}}), platformRedirect)
	if q.Get("code") == "" || q.Get("state") != "st-123" || q.Get("iss") != signinBase+"/am/oauth2" || q.Get("client_id") != "idmAdminClient" {
		t.Fatalf("authorize redirect query = %v", q)
	}
	q2 := redirectQuery(t, e.postForm("/am/oauth2/authorize", authorizeForm(tokenID, p, consoleCallback),
		http.Header{"Cookie": {"iPlanetDirectoryPro=" + tokenID}}), consoleCallback)
	if q2.Get("code") == "" || q2.Get("code") == q.Get("code") {
		t.Fatalf("authorize with cookie: %v", q2)
	}

	resp = e.token(codeExchange(q.Get("code"), platformRedirect, p.verifier))
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("token Cache-Control = %q", cc)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
		Scope       string `json:"scope"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
	}
	decodeSignin(t, resp, http.StatusOK, &tok)
	if tok.AccessToken == "" || tok.TokenType != "Bearer" || tok.ExpiresIn != 3599 || tok.Scope != "openid fr:idm:* fr:idc:esv:*" {
		t.Fatalf("token = %+v", tok)
	}

	// The token opens the tenant API.
	decodeSignin(t, e.bearer(http.MethodGet, "/environment/scopes/service-accounts", tok.AccessToken, nil), http.StatusOK, nil)
	// So does the session cookie (§5.5).
	decodeSignin(t, e.do(http.MethodGet, "/environment/scopes/service-accounts", nil,
		http.Header{"Cookie": {"iPlanetDirectoryPro=" + tokenID}}), http.StatusOK, nil)

	// The second code, from the cookie request, works too (with Basic and a secret that is ignored).
	form := codeExchange(q2.Get("code"), consoleCallback, p.verifier)
	form.Del("client_id")
	r := e.postForm("/am/oauth2/access_token", form, http.Header{"Authorization": {basicAuth("idmAdminClient", "ignored-secret")}})
	decodeSignin(t, r, http.StatusOK, nil)
}

func TestAuthenticateFailuresLookAlike(t *testing.T) {
	e := newSigninEnv(t)
	want := `{"code":401,"reason":"Unauthorized","message":"Login failure"}`
	cases := []struct{ name, user, pass string }{
		{"wrong password", signinAdmin, "wrong password!"},
		{"unknown user", "mallory", "wrong password!"},
		{"missing password", signinAdmin, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := e.authenticate(tc.user, tc.pass)
			got := strings.TrimSpace(bodyString(t, resp))
			if resp.StatusCode != http.StatusUnauthorized || got != want {
				t.Fatalf("status %d body %s, want 401 %s", resp.StatusCode, got, want)
			}
			if findCookie(resp, "iPlanetDirectoryPro") != nil {
				t.Fatal("a failed sign-in set a session cookie")
			}
		})
	}
}

// Tools that do not send the X-OpenAM headers use AM's callbacks.
func TestAuthenticateWithCallbacks(t *testing.T) {
	e := newSigninEnv(t)
	post := func(body string) *http.Response {
		return e.do(http.MethodPost, "/am/json/realms/root/authenticate", strings.NewReader(body),
			http.Header{"Content-Type": {"application/json"}, "Accept-Api-Version": {"resource=2.0, protocol=1.0"}})
	}
	var step struct {
		AuthID    string           `json:"authId"`
		Callbacks []map[string]any `json:"callbacks"`
	}
	decodeSignin(t, post("{}"), http.StatusOK, &step)
	if step.AuthID == "" || len(step.Callbacks) != 2 || step.Callbacks[0]["type"] != "NameCallback" || step.Callbacks[1]["type"] != "PasswordCallback" {
		t.Fatalf("first step: %+v", step)
	}
	// The authId is no credential.
	decodeSignin(t, e.bearer(http.MethodGet, "/environment/scopes/service-accounts", step.AuthID, nil), http.StatusUnauthorized, nil)

	filled := func(authID, user, pass string) string {
		b, _ := json.Marshal(map[string]any{"authId": authID, "callbacks": []map[string]any{
			{"type": "NameCallback", "output": []map[string]any{{"name": "prompt", "value": "User Name"}}, "input": []map[string]any{{"name": "IDToken1", "value": user}}, "_id": 0},
			{"type": "PasswordCallback", "output": []map[string]any{{"name": "prompt", "value": "Password"}}, "input": []map[string]any{{"name": "IDToken2", "value": pass}}, "_id": 1},
		}})
		return string(b)
	}
	failure := `{"code":401,"reason":"Unauthorized","message":"Login failure"}`
	for name, body := range map[string]string{
		"wrong password": filled(step.AuthID, signinAdmin, "wrong password!"),
		"unknown user":   filled(step.AuthID, "nobody", "wrong password!"),
		"forged authId":  filled("forged", signinAdmin, signinAdminPass),
	} {
		resp := post(body)
		if got := strings.TrimSpace(bodyString(t, resp)); resp.StatusCode != http.StatusUnauthorized || got != failure {
			t.Fatalf("%s: %d %s", name, resp.StatusCode, got)
		}
	}
	var ok map[string]string
	resp := post(filled(step.AuthID, signinAdmin, signinAdminPass))
	decodeSignin(t, resp, http.StatusOK, &ok)
	if ok["tokenId"] == "" || findCookie(resp, "iPlanetDirectoryPro") == nil {
		t.Fatalf("callback login: %v", ok)
	}
	// An authId expires.
	e.clock.Advance(6 * time.Minute)
	decodeSignin(t, post(filled(step.AuthID, signinAdmin, signinAdminPass)), http.StatusUnauthorized, nil)
	decodeSignin(t, post("not json"), http.StatusBadRequest, nil)
}

func TestSessionsActions(t *testing.T) {
	e := newSigninEnv(t)
	tokenID := e.session(signinAdmin, signinAdminPass)
	info := func(token string) *http.Response {
		return e.do(http.MethodPost, "/am/json/realms/root/sessions/?_action=getSessionInfo",
			strings.NewReader(`{"tokenId":"`+token+`"}`), http.Header{"Content-Type": {"application/json"}})
	}
	decodeSignin(t, info("not-a-session"), http.StatusUnauthorized, nil)
	decodeSignin(t, info(tokenID), http.StatusOK, nil)

	// Idle expiry ends the session.
	e.clock.Advance(31 * time.Minute)
	decodeSignin(t, info(tokenID), http.StatusUnauthorized, nil)

	tokenID = e.session(signinAdmin, signinAdminPass)
	logout := e.do(http.MethodPost, "/am/json/realms/root/sessions/?_action=logout", strings.NewReader("{}"),
		http.Header{"Content-Type": {"application/json"}, "iPlanetDirectoryPro": {tokenID}})
	var out map[string]string
	decodeSignin(t, logout, http.StatusOK, &out)
	if out["result"] != "Successfully logged out" {
		t.Fatalf("logout = %v", out)
	}
	decodeSignin(t, info(tokenID), http.StatusUnauthorized, nil)
	decodeSignin(t, e.do(http.MethodPost, "/am/json/realms/root/sessions/?_action=logout", strings.NewReader("{}"),
		http.Header{"iPlanetDirectoryPro": {tokenID}}), http.StatusUnauthorized, nil)
	decodeSignin(t, e.do(http.MethodPost, "/am/json/realms/root/sessions/?_action=nope", strings.NewReader("{}"), nil),
		http.StatusBadRequest, nil)
}

// Repeated failures lock the user name for a growing time; while locked even
// the right password gets the same 401, and the lock ends on its own.
func TestAuthenticateThrottlesRepeatedFailures(t *testing.T) {
	e := newSigninEnv(t)
	for i := 0; i < 6; i++ {
		decodeSignin(t, e.authenticate(signinAdmin, "wrong password!"), http.StatusUnauthorized, nil)
	}
	// Locked now (6th failure: 2 s).
	locked := e.authenticate(signinAdmin, signinAdminPass)
	if got := strings.TrimSpace(bodyString(t, locked)); locked.StatusCode != http.StatusUnauthorized ||
		got != `{"code":401,"reason":"Unauthorized","message":"Login failure"}` {
		t.Fatalf("locked answer %d %s", locked.StatusCode, got)
	}
	// Another user name is not affected.
	decodeSignin(t, e.authenticate(signinAuditor, signinAuditorPwd), http.StatusOK, nil)

	e.clock.Advance(2 * time.Second)
	// One more failure doubles the lock (4 s).
	decodeSignin(t, e.authenticate(signinAdmin, "wrong password!"), http.StatusUnauthorized, nil)
	e.clock.Advance(3 * time.Second)
	decodeSignin(t, e.authenticate(signinAdmin, signinAdminPass), http.StatusUnauthorized, nil)
	e.clock.Advance(time.Second)
	decodeSignin(t, e.authenticate(signinAdmin, signinAdminPass), http.StatusOK, nil)
	// A success clears the count.
	decodeSignin(t, e.authenticate(signinAdmin, "wrong password!"), http.StatusUnauthorized, nil)
	decodeSignin(t, e.authenticate(signinAdmin, signinAdminPass), http.StatusOK, nil)

	// The sign-in page shares the throttle.
	for i := 0; i < 6; i++ {
		decodeSignin(t, e.authenticate(signinAuditor, "wrong password!"), http.StatusUnauthorized, nil)
	}
	page := newSignInPage(t, e, "")
	resp := page.submit(signinAuditor, signinAuditorPwd)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("locked user signed in on the page: %d", resp.StatusCode)
	}
}

func basicAuth(user, pass string) string {
	r, _ := http.NewRequest(http.MethodGet, "/", nil)
	r.SetBasicAuth(user, pass)
	return r.Header.Get("Authorization")
}

var _ = url.Values{}
