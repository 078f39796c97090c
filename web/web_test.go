package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pingclone/aic-console/tenant"
)

// newTestApp builds the console and the embedded tenant on a fresh data folder.
func newTestApp(t testing.TB) (*app, http.Handler, string) {
	t.Helper()
	dir := t.TempDir()
	tn, err := tenant.New(context.Background(), tenant.Config{DataDir: dir, BaseURL: testBase, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tn.Close() })
	a, err := newApp(Config{Tenant: tn.Handler(), BaseURL: testBase, DataDir: dir, KeyPool: testPool(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.close() })
	return a, a.echo(tn.Handler()), dir
}

func TestSignedOutBrowserIsSentToTenantSignInWithPKCE(t *testing.T) {
	a, h, _ := newTestApp(t)
	b := newBrowser(t, a, h)
	resp, _ := b.do(http.MethodGet, "/admin/service-accounts?q=x", nil, nil)
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("status %d", resp.StatusCode)
	}
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if loc.Path != "/am/oauth2/authorize" || loc.Host != "console.test" {
		t.Fatalf("redirected to %s", loc)
	}
	q := loc.Query()
	for k, want := range map[string]string{"client_id": "idmAdminClient", "response_type": "code", "code_challenge_method": "S256",
		"redirect_uri": testBase + "/admin/oauth/callback"} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if q.Get("state") == "" || len(q.Get("code_challenge")) < 43 {
		t.Error("no state or code challenge")
	}
	if !strings.Contains(q.Get("scope"), "fr:idm:*") {
		t.Errorf("scope %q", q.Get("scope"))
	}
	var sess *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == SessionCookie {
			sess = c
		}
	}
	if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode || sess.Path != "/admin" || sess.MaxAge <= 0 {
		t.Fatalf("session cookie attributes wrong: %+v", sess)
	}
}

func TestCallbackWithWrongStateFailsWithAPage(t *testing.T) {
	a, h, _ := newTestApp(t)
	b := newBrowser(t, a, h)
	b.do(http.MethodGet, "/admin/", nil, nil) // starts a sign-in, stores a state
	resp, doc := b.get("/admin/oauth/callback?code=abc&state=forged")
	if resp.StatusCode != http.StatusBadRequest || testid(doc, "error-heading").Text() != "Sign-in failed" {
		t.Fatalf("status %d, heading %q", resp.StatusCode, testid(doc, "error-heading").Text())
	}
	if testid(doc, "error-back").AttrOr("href", "") != "/admin/" {
		t.Fatal("no way back")
	}
}

func TestFormWithoutOrWithWrongCSRFTokenGetsFormExpiredPage(t *testing.T) {
	a, h, _ := newTestApp(t)
	b := newBrowser(t, a, h)
	b.signInAs("token", "admin", "tenant-admin")
	_, doc := b.get("/admin/tenant-settings") // sets the CSRF cookie
	good := csrfFrom(t, doc)
	for name, form := range map[string]url.Values{
		"missing": {},
		"wrong":   {"csrf_token": {good + "x"}},
	} {
		t.Run(name, func(t *testing.T) {
			resp, doc := b.post("/admin/sign-out", form)
			if resp.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if testid(doc, "error-heading").Text() != "Form expired" || !strings.Contains(testid(doc, "error-message").Text(), "try again") {
				t.Fatalf("page: %q", doc.Text())
			}
		})
	}
	// A cross-site form post from a browser is refused too, with the same page.
	resp, body := b.do(http.MethodPost, "/admin/sign-out", strings.NewReader("csrf_token="+good),
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Sec-Fetch-Site": {"cross-site"}})
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "Form expired") {
		t.Fatalf("cross-site post: %d", resp.StatusCode)
	}
}

func TestSignOutClearsSessionAndEndsTenantSession(t *testing.T) {
	a, h, _ := newTestApp(t)
	b := newBrowser(t, a, h)
	b.signInAs("token", "admin", "tenant-admin")
	_, doc := b.get("/admin/tenant-settings")
	resp, _ := b.post("/admin/sign-out", url.Values{"csrf_token": {csrfFrom(t, doc)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d", resp.StatusCode)
	}
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if loc.Path != "/am/oauth2/connect/endSession" || loc.Query().Get("post_logout_redirect_uri") != testBase+"/admin/" {
		t.Fatalf("redirect %s", loc)
	}
	resp, _ = b.do(http.MethodGet, "/admin/tenant-settings", nil, nil)
	if resp.StatusCode != http.StatusFound || !strings.Contains(resp.Header.Get("Location"), "/am/oauth2/authorize") {
		t.Fatalf("still signed in after sign-out: %d", resp.StatusCode)
	}
}

func TestNavigationPagesRender(t *testing.T) {
	a, h, _ := newTestApp(t)
	b := newBrowser(t, a, h)
	b.signInAs("token", "admin", "tenant-admin")
	resp, doc := b.get("/admin/")
	if resp.StatusCode != 200 || testid(doc, "tenant-settings-link").Length() != 1 {
		t.Fatalf("dashboard %d", resp.StatusCode)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	_, doc = b.get("/admin/tenant-settings")
	if testid(doc, "global-settings-link").AttrOr("href", "") != "/admin/tenant-settings/global-settings" {
		t.Fatal("no Global Settings link")
	}
	_, doc = b.get("/admin/tenant-settings/global-settings")
	if testid(doc, "service-accounts-link").AttrOr("href", "") != "/admin/service-accounts" {
		t.Fatal("no Service Accounts link")
	}
	resp, doc = b.get("/admin/no-such-page")
	if resp.StatusCode != http.StatusNotFound || testid(doc, "error-heading").Text() != "Page not found" {
		t.Fatalf("unknown page: %d", resp.StatusCode)
	}
}

func TestStaticAssetsAreEmbedded(t *testing.T) {
	a, h, _ := newTestApp(t)
	b := newBrowser(t, a, h)
	for _, p := range []string{"/static/css/console.css", "/static/js/console.js"} {
		resp, body := b.do(http.MethodGet, p, nil, nil)
		if resp.StatusCode != 200 || len(body) < 100 {
			t.Errorf("%s: %d, %d bytes", p, resp.StatusCode, len(body))
		}
	}
}

func TestSessionKeysAreKeptInTheDataFolder(t *testing.T) {
	t.Setenv(SessionKeysEnv, "")
	dir := t.TempDir()
	h1, b1, err := loadSessionKeys(dir)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, sessionKeysFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("keys file: %v %v", err, info)
	}
	h2, b2, err := loadSessionKeys(dir)
	if err != nil || string(h1) != string(h2) || string(b1) != string(b2) {
		t.Fatal("keys regenerated on the second start")
	}
	t.Setenv(SessionKeysEnv, strings.Repeat("ab", 64)+":"+strings.Repeat("cd", 32))
	h3, b3, err := loadSessionKeys(dir)
	if err != nil || len(h3) != 64 || len(b3) != 32 || string(h3) == string(h1) {
		t.Fatal("environment keys not used")
	}
	t.Setenv(SessionKeysEnv, "nonsense")
	if _, _, err := loadSessionKeys(dir); err == nil {
		t.Fatal("bad environment keys accepted")
	}
}
