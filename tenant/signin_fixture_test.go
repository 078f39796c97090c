package tenant_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/pingclone/aic-console/tenant"
	"github.com/pingclone/aic-console/tenant/store"
)

// signinBase is the tenant base URL the sign-in tests use.
const signinBase = "http://tenant.test:8080"

// Test administrators and their passwords.
const (
	signinAdmin      = "alice"
	signinAdminPass  = "correct horse battery"
	signinAuditor    = "audrey"
	signinAuditorPwd = "auditor password 1"
)

// signinClock is an injectable clock.
type signinClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *signinClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *signinClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type signinEnv struct {
	t     *testing.T
	h     http.Handler
	clock *signinClock
}

// newSigninEnv starts a tenant on a fresh data folder with an administrator
// and an auditor.
func newSigninEnv(t *testing.T) *signinEnv {
	t.Helper()
	return newSigninEnvWith(t, func(*tenant.Config) {})
}

// newSigninEnvWith is newSigninEnv with a say in the tenant's configuration.
func newSigninEnvWith(t *testing.T, configure func(*tenant.Config)) *signinEnv {
	t.Helper()
	clock := &signinClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	ctx := context.Background()
	cfg := tenant.Config{
		DataDir: t.TempDir(), BaseURL: signinBase, Now: clock.Now,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	configure(&cfg)
	tn, err := tenant.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tn.Close() })
	for _, a := range []struct{ name, pass, role string }{
		{signinAdmin, signinAdminPass, store.RoleTenantAdmin},
		{signinAuditor, signinAuditorPwd, store.RoleTenantAuditor},
	} {
		// The lowest bcrypt cost keeps the tests quick; checks work the same.
		hash, err := bcrypt.GenerateFromPassword([]byte(a.pass), bcrypt.MinCost)
		if err != nil {
			t.Fatal(err)
		}
		if err := tn.Store().AddAdmin(ctx, store.Admin{Username: a.name, Role: a.role, PasswordHash: string(hash)}); err != nil {
			t.Fatal(err)
		}
	}
	return &signinEnv{t: t, h: tn.Handler(), clock: clock}
}

// do sends a request through the real route table.
func (e *signinEnv) do(method, target string, body io.Reader, header http.Header) *http.Response {
	e.t.Helper()
	r := httptest.NewRequest(method, signinBase+target, body)
	for k, vs := range header {
		for _, v := range vs {
			r.Header.Add(k, v) // canonical names, as on the wire
		}
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w.Result()
}

func (e *signinEnv) postForm(target string, form url.Values, header http.Header) *http.Response {
	e.t.Helper()
	if header == nil {
		header = http.Header{}
	}
	header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.do(http.MethodPost, target, strings.NewReader(form.Encode()), header)
}

// authenticate signs in with the X-OpenAM headers.
func (e *signinEnv) authenticate(user, pass string) *http.Response {
	e.t.Helper()
	return e.do(http.MethodPost, "/am/json/realms/root/authenticate", strings.NewReader("{}"), http.Header{
		"Content-Type":       {"application/json"},
		"Accept-Api-Version": {"resource=2.0, protocol=1.0"},
		"X-Openam-Username":  {user},
		"X-Openam-Password":  {pass},
	})
}

// session signs in and returns the tokenId.
func (e *signinEnv) session(user, pass string) string {
	e.t.Helper()
	resp := e.authenticate(user, pass)
	var out struct {
		TokenID string `json:"tokenId"`
	}
	decodeSignin(e.t, resp, http.StatusOK, &out)
	return out.TokenID
}

// pkce is a verifier with its S256 challenge.
type pkce struct{ verifier, challenge string }

func newTestPKCE(seed string) pkce {
	v := strings.Repeat(seed, 43/len(seed)+1)[:43]
	sum := sha256.Sum256([]byte(v))
	return pkce{v, base64.RawURLEncoding.EncodeToString(sum[:])}
}

const platformRedirect = signinBase + "/platform/appAuthHelperRedirect.html"
const consoleCallback = signinBase + "/admin/oauth/callback"

// authorizeForm is a script's approval of an authorization request.
func authorizeForm(tokenID string, p pkce, redirectURI string) url.Values {
	return url.Values{
		"client_id": {"idmAdminClient"}, "response_type": {"code"}, "redirect_uri": {redirectURI},
		"scope": {"openid fr:idm:* fr:idc:esv:*"}, "state": {"st-123"},
		"code_challenge": {p.challenge}, "code_challenge_method": {"S256"},
		"decision": {"allow"}, "csrf": {tokenID},
	}
}

// code approves an authorization request with the session as header and
// returns the code from the redirect.
func (e *signinEnv) code(tokenID string, p pkce, redirectURI string) string {
	e.t.Helper()
	resp := e.postForm("/am/oauth2/authorize", authorizeForm(tokenID, p, redirectURI), http.Header{"iPlanetDirectoryPro": {tokenID}})
	loc := redirectQuery(e.t, resp, redirectURI)
	if loc.Get("code") == "" {
		e.t.Fatalf("no code in redirect: %v", loc)
	}
	return loc.Get("code")
}

func (e *signinEnv) token(form url.Values) *http.Response {
	e.t.Helper()
	return e.postForm("/am/oauth2/access_token", form, nil)
}

func codeExchange(code, redirectURI, verifier string) url.Values {
	return url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirectURI},
		"code_verifier": {verifier}, "client_id": {"idmAdminClient"},
	}
}

// accessToken runs the whole script dance for user.
func (e *signinEnv) accessToken(user, pass string) string {
	e.t.Helper()
	p := newTestPKCE("tok")
	code := e.code(e.session(user, pass), p, platformRedirect)
	var out struct {
		AccessToken string `json:"access_token"`
	}
	decodeSignin(e.t, e.token(codeExchange(code, platformRedirect, p.verifier)), http.StatusOK, &out)
	return out.AccessToken
}

func (e *signinEnv) bearer(method, target, token string, body io.Reader) *http.Response {
	e.t.Helper()
	h := http.Header{"Accept-Api-Version": {"protocol=1.0,resource=1.0"}}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		h.Set("Content-Type", "application/json")
	}
	return e.do(method, target, body, h)
}

// redirectQuery checks resp is a 302 to prefix and returns its query.
func redirectQuery(t *testing.T, resp *http.Response, prefix string) url.Values {
	t.Helper()
	if resp.StatusCode != http.StatusFound {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("status %d, want 302; body %s", resp.StatusCode, body)
	}
	loc := resp.Header.Get("Location")
	if !strings.HasPrefix(loc, prefix+"?") {
		t.Fatalf("Location %q, want it to start with %q", loc, prefix+"?")
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

func decodeSignin(t *testing.T, resp *http.Response, want int, out any) {
	t.Helper()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("status %d, want %d; body %s", resp.StatusCode, want, body)
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			t.Fatalf("decode %s: %v", body, err)
		}
	}
}

func bodyString(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func findCookie(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}
