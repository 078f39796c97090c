package tenant_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Client and redirect URI problems are shown as a page; everything else goes
// back to the registered redirect URI with error=.
func TestAuthorizeRefusesBadRequests(t *testing.T) {
	e := newSigninEnv(t)
	tokenID := e.session(signinAdmin, signinAdminPass)
	p := newTestPKCE("abc")
	cases := []struct {
		name      string
		edit      func(f map[string][]string)
		wantPage  bool   // 400 page, no redirect
		wantError string // error= in the redirect
	}{
		{"unknown client", func(f map[string][]string) { f["client_id"] = []string{"evilClient"} }, true, ""},
		{"missing client", func(f map[string][]string) { delete(f, "client_id") }, true, ""},
		{"redirect_uri mismatch", func(f map[string][]string) { f["redirect_uri"] = []string{"https://evil.example/cb"} }, true, ""},
		{"redirect_uri prefix only", func(f map[string][]string) { f["redirect_uri"] = []string{consoleCallback + "/x"} }, true, ""},
		{"redirect_uri with extra query", func(f map[string][]string) { f["redirect_uri"] = []string{consoleCallback + "?a=1"} }, true, ""},
		{"missing redirect_uri", func(f map[string][]string) { delete(f, "redirect_uri") }, true, ""},
		{"two redirect_uris", func(f map[string][]string) { f["redirect_uri"] = []string{consoleCallback, "https://evil.example/"} }, true, ""},
		{"missing PKCE", func(f map[string][]string) { delete(f, "code_challenge"); delete(f, "code_challenge_method") }, false, "invalid_request"},
		{"plain PKCE", func(f map[string][]string) { f["code_challenge_method"] = []string{"plain"} }, false, "invalid_request"},
		{"missing PKCE method", func(f map[string][]string) { delete(f, "code_challenge_method") }, false, "invalid_request"},
		{"malformed challenge", func(f map[string][]string) { f["code_challenge"] = []string{"short"} }, false, "invalid_request"},
		{"token response type", func(f map[string][]string) { f["response_type"] = []string{"token"} }, false, "unsupported_response_type"},
		{"missing response type", func(f map[string][]string) { delete(f, "response_type") }, false, "invalid_request"},
		{"unknown scope", func(f map[string][]string) { f["scope"] = []string{"openid fr:nope:*"} }, false, "invalid_scope"},
		{"csrf mismatch", func(f map[string][]string) { f["csrf"] = []string{"not-the-token"} }, false, "access_denied"},
		{"csrf missing", func(f map[string][]string) { delete(f, "csrf") }, false, "access_denied"},
		{"decision deny", func(f map[string][]string) { f["decision"] = []string{"deny"} }, false, "access_denied"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := authorizeForm(tokenID, p, consoleCallback)
			tc.edit(f)
			resp := e.postForm("/am/oauth2/authorize", f, http.Header{"iPlanetDirectoryPro": {tokenID}})
			if tc.wantPage {
				body := bodyString(t, resp)
				if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" ||
					!strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
					!strings.Contains(body, `data-testid="authorize-error"`) {
					t.Fatalf("status %d, Location %q, body %s", resp.StatusCode, resp.Header.Get("Location"), body)
				}
				return
			}
			q := redirectQuery(t, resp, consoleCallback)
			if q.Get("error") != tc.wantError || q.Get("code") != "" || q.Get("state") != "st-123" || q.Get("error_description") == "" {
				t.Fatalf("redirect query %v, want error=%s", q, tc.wantError)
			}
		})
	}
}

func TestAuthorizeWithoutSession(t *testing.T) {
	e := newSigninEnv(t)
	p := newTestPKCE("abc")

	// A script posting without a (live) session is sent to the sign-in page.
	f := authorizeForm("stale", p, consoleCallback)
	resp := e.postForm("/am/oauth2/authorize", f, http.Header{"iPlanetDirectoryPro": {"stale"}})
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(resp.Header.Get("Location"), signinBase+"/am/XUI/?") {
		t.Fatalf("status %d Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if strings.Contains(resp.Header.Get("Location"), "csrf") || strings.Contains(resp.Header.Get("Location"), "decision") {
		t.Fatalf("the sign-in redirect carries one-time POST fields: %s", resp.Header.Get("Location"))
	}

	// prompt=none answers login_required instead.
	f.Set("prompt", "none")
	q := redirectQuery(t, e.postForm("/am/oauth2/authorize", f, nil), consoleCallback)
	if q.Get("error") != "login_required" {
		t.Fatalf("prompt=none: %v", q)
	}
}

func TestAccessTokenRefusesBadExchanges(t *testing.T) {
	e := newSigninEnv(t)
	tokenID := e.session(signinAdmin, signinAdminPass)
	p := newTestPKCE("xyz")
	other := newTestPKCE("other")

	cases := []struct {
		name       string
		form       func(code string) map[string][]string
		header     http.Header
		wantStatus int
		wantError  string
	}{
		{"wrong verifier", func(c string) map[string][]string { return codeExchange(c, platformRedirect, other.verifier) }, nil, 400, "invalid_grant"},
		{"missing verifier", func(c string) map[string][]string {
			f := codeExchange(c, platformRedirect, p.verifier)
			delete(f, "code_verifier")
			return f
		}, nil, 400, "invalid_request"},
		{"malformed verifier", func(c string) map[string][]string { return codeExchange(c, platformRedirect, "short") }, nil, 400, "invalid_request"},
		{"redirect_uri mismatch", func(c string) map[string][]string { return codeExchange(c, consoleCallback, p.verifier) }, nil, 400, "invalid_grant"},
		{"missing redirect_uri", func(c string) map[string][]string {
			f := codeExchange(c, platformRedirect, p.verifier)
			delete(f, "redirect_uri")
			return f
		}, nil, 400, "invalid_request"},
		{"unknown client", func(c string) map[string][]string {
			f := codeExchange(c, platformRedirect, p.verifier)
			f["client_id"] = []string{"someoneElse"}
			return f
		}, nil, 401, "invalid_client"},
		{"missing client", func(c string) map[string][]string {
			f := codeExchange(c, platformRedirect, p.verifier)
			delete(f, "client_id")
			return f
		}, nil, 401, "invalid_client"},
		{"basic and form clients differ", func(c string) map[string][]string { return codeExchange(c, platformRedirect, p.verifier) },
			http.Header{"Authorization": {basicAuth("other", "x")}}, 400, "invalid_request"},
		{"made-up code", func(string) map[string][]string { return codeExchange("made-up", platformRedirect, p.verifier) }, nil, 400, "invalid_grant"},
		{"missing code", func(string) map[string][]string {
			f := codeExchange("", platformRedirect, p.verifier)
			delete(f, "code")
			return f
		}, nil, 400, "invalid_request"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code := e.code(tokenID, p, platformRedirect)
			resp := e.postForm("/am/oauth2/access_token", tc.form(code), tc.header)
			var body map[string]string
			decodeSignin(t, resp, tc.wantStatus, &body)
			if body["error"] != tc.wantError || body["error_description"] == "" || body["access_token"] != "" {
				t.Fatalf("body %v, want error %s", body, tc.wantError)
			}
			if tc.wantError == "invalid_grant" && tc.name != "made-up code" {
				// A code presented once is spent, whatever the outcome.
				var again map[string]string
				decodeSignin(t, e.token(codeExchange(code, platformRedirect, p.verifier)), 400, &again)
				if again["error"] != "invalid_grant" {
					t.Fatalf("second presentation: %v", again)
				}
			}
		})
	}
}

// A code works once; its second use fails and revokes the token it gave.
func TestAuthorizationCodeReuseRevokes(t *testing.T) {
	e := newSigninEnv(t)
	p := newTestPKCE("reuse")
	code := e.code(e.session(signinAdmin, signinAdminPass), p, platformRedirect)
	var tok map[string]any
	decodeSignin(t, e.token(codeExchange(code, platformRedirect, p.verifier)), http.StatusOK, &tok)
	access := tok["access_token"].(string)
	decodeSignin(t, e.bearer(http.MethodGet, "/environment/scopes/service-accounts", access, nil), http.StatusOK, nil)

	var again map[string]string
	decodeSignin(t, e.token(codeExchange(code, platformRedirect, p.verifier)), http.StatusBadRequest, &again)
	if again["error"] != "invalid_grant" {
		t.Fatalf("reuse: %v", again)
	}
	decodeSignin(t, e.bearer(http.MethodGet, "/environment/scopes/service-accounts", access, nil), http.StatusUnauthorized, nil)
}

func TestAuthorizationCodeExpires(t *testing.T) {
	e := newSigninEnv(t)
	p := newTestPKCE("exp")
	tokenID := e.session(signinAdmin, signinAdminPass)

	fresh := e.code(tokenID, p, platformRedirect)
	e.clock.Advance(59 * time.Second)
	decodeSignin(t, e.token(codeExchange(fresh, platformRedirect, p.verifier)), http.StatusOK, nil)

	stale := e.code(tokenID, p, platformRedirect)
	e.clock.Advance(61 * time.Second)
	var body map[string]string
	decodeSignin(t, e.token(codeExchange(stale, platformRedirect, p.verifier)), http.StatusBadRequest, &body)
	if body["error"] != "invalid_grant" {
		t.Fatalf("expired code: %v", body)
	}
}

func TestTokenEndpointNeverLeaksGoErrors(t *testing.T) {
	e := newSigninEnv(t)
	for _, body := range []string{"", "grant_type=", "grant_type=password&username=a&password=b", "%zz"} {
		resp := e.do(http.MethodPost, "/am/oauth2/access_token", strings.NewReader(body),
			http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
		var out map[string]string
		raw := bodyString(t, resp)
		if resp.StatusCode != http.StatusBadRequest || json.Unmarshal([]byte(raw), &out) != nil || out["error"] == "" {
			t.Fatalf("body %q: status %d %s", body, resp.StatusCode, raw)
		}
	}
}

// Bearer tokens: none or a bad one is 401; an auditor's token reads but may
// not write; an administrator's token may.
func TestAdminTokensByRole(t *testing.T) {
	e := newSigninEnv(t)
	admin := e.accessToken(signinAdmin, signinAdminPass)
	auditor := e.accessToken(signinAuditor, signinAuditorPwd)

	decodeSignin(t, e.bearer(http.MethodGet, "/environment/scopes/service-accounts", "", nil), http.StatusUnauthorized, nil)
	decodeSignin(t, e.bearer(http.MethodGet, "/environment/scopes/service-accounts", "not.a.token", nil), http.StatusUnauthorized, nil)
	decodeSignin(t, e.bearer(http.MethodGet, "/environment/scopes/service-accounts", admin+"x", nil), http.StatusUnauthorized, nil)
	decodeSignin(t, e.bearer(http.MethodGet, "/environment/scopes/service-accounts", auditor, nil), http.StatusOK, nil)

	// Tokens expire.
	e.clock.Advance(3600 * time.Second)
	decodeSignin(t, e.bearer(http.MethodGet, "/environment/scopes/service-accounts", admin, nil), http.StatusUnauthorized, nil)
}
