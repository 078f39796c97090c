package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pingclone/aic-console/tenant"
	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/store"
	"github.com/pingclone/aic-console/tenantapi"
)

// harness is the console with its embedded tenant on a fresh data folder,
// reached only through the real route table.
type harness struct {
	t     testing.TB
	a     *app
	h     http.Handler
	tn    *tenant.Tenant
	dir   string
	api   *tenantapi.Client
	roles map[string]string
}

const testPassword = "correct-horse-battery-staple"

func newHarness(t testing.TB, cfg Config) *harness {
	t.Helper()
	dir := t.TempDir()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	tn, err := tenant.New(context.Background(), tenant.Config{DataDir: dir, BaseURL: testBase, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tn.Close() })
	cfg.Tenant, cfg.BaseURL, cfg.DataDir, cfg.Logger = tn.Handler(), testBase, dir, quiet
	if cfg.KeyPool == nil {
		cfg.KeyPool = testPool()
	}
	a, err := newApp(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.close() })
	return &harness{t: t, a: a, h: a.echo(tn.Handler()), tn: tn, dir: dir, api: a.api, roles: map[string]string{}}
}

var (
	hashOnce sync.Once
	hashVal  string
)

// passwordHash is testPassword's bcrypt hash, computed once: bcrypt is slow
// under the race detector.
func passwordHash(t testing.TB) string {
	hashOnce.Do(func() {
		h, err := auth.HashPassword(testPassword)
		if err != nil {
			t.Fatal(err)
		}
		hashVal = h
	})
	return hashVal
}

// addAdmin creates an administrator with role in the tenant.
func (hs *harness) addAdmin(name, role string) {
	hs.t.Helper()
	if err := hs.tn.Store().AddAdmin(context.Background(), store.Admin{Username: name, Role: role, PasswordHash: passwordHash(hs.t)}); err != nil {
		hs.t.Fatal(err)
	}
	hs.roles[name] = role
}

// token is a bearer token of administrator name, minted with the tenant's
// signer, for arranging data through the tenant API (the browser itself
// signs in through the tenant).
func (hs *harness) token(name string) string {
	hs.t.Helper()
	tok, _, err := hs.tn.Signer().Mint(auth.KindAdmin, name, hs.roles[name], strings.Join(tenantapi.AdminScopes, " "), time.Hour, time.Now())
	if err != nil {
		hs.t.Fatal(err)
	}
	return tok
}

// signIn opens a browser and signs name in through the tenant, as a person
// would: the console sends it to authorize, the tenant to its sign-in, then
// back with a code that the console exchanges.
func (hs *harness) signIn(name string) *browser {
	hs.t.Helper()
	b := newBrowser(hs.t, hs.a, hs.h)
	b.signInThroughTenant(name, "/admin/")
	return b
}

func (b *browser) signInThroughTenant(name, start string) *http.Response {
	b.t.Helper()
	resp, _ := b.do(http.MethodGet, start, nil, nil)
	if resp.StatusCode != http.StatusFound {
		b.t.Fatalf("signed-out %s: status %d", start, resp.StatusCode)
	}
	authorize := resp.Header.Get("Location")
	// Without a tenant session, authorize sends the browser to sign in.
	resp, _ = b.do(http.MethodGet, authorize, nil, nil)
	if resp.StatusCode != http.StatusFound || strings.Contains(resp.Header.Get("Location"), "/admin/oauth/callback") {
		b.t.Fatalf("authorize without a tenant session: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, _ = b.do(http.MethodPost, "/am/json/realms/root/authenticate", strings.NewReader("{}"), http.Header{
		"X-Openam-Username": {name}, "X-Openam-Password": {testPassword},
		"Accept-Api-Version": {"resource=2.0, protocol=1.0"}, "Content-Type": {"application/json"},
	})
	if resp.StatusCode != http.StatusOK {
		b.t.Fatalf("authenticate %s: %d", name, resp.StatusCode)
	}
	resp, _ = b.do(http.MethodGet, authorize, nil, nil)
	cb, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || cb.Path != "/admin/oauth/callback" || cb.Query().Get("code") == "" {
		b.t.Fatalf("authorize with a session: %d %s", resp.StatusCode, cb)
	}
	resp, _ = b.do(http.MethodGet, cb.String(), nil, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != start {
		b.t.Fatalf("callback: %d to %q, want %s", resp.StatusCode, resp.Header.Get("Location"), start)
	}
	return resp
}

// submit loads page, then posts form to action with the page's CSRF token.
func (b *browser) submit(page, action string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	resp, doc := b.get(page)
	if resp.StatusCode != http.StatusOK {
		b.t.Fatalf("GET %s: %d", page, resp.StatusCode)
	}
	form.Set("csrf_token", csrfFrom(b.t, doc))
	return b.do(http.MethodPost, action, strings.NewReader(form.Encode()),
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Referer": {testBase + page}})
}
