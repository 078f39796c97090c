package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pingclone/aic-console/tenant/store"
)

// With --tenant-url the console is an ordinary HTTP client of a tenant in
// another process: the list, a search and a create go over a real socket.
func TestConsoleWorksAgainstATenantOverHTTP(t *testing.T) {
	hs := newHarness(t, Config{})
	hs.addAdmin(adminName, store.RoleTenantAdmin)
	tok := hs.token(adminName)
	hs.seedAccount(tok, "over-http-1", "fr:idm:*")
	hs.seedAccount(tok, "over-http-2", "fr:idm:*")
	tenant := httptest.NewServer(hs.tn.Handler())
	defer tenant.Close()

	a, err := newApp(Config{TenantURL: tenant.URL, BaseURL: testBase, DataDir: t.TempDir(), KeyPool: testPool(), PageSize: 1,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.close() })
	b := newBrowser(t, a, a.echo(nil))
	b.signInAs(tok, adminName, store.RoleTenantAdmin)

	resp, doc := b.get("/admin/service-accounts")
	if resp.StatusCode != http.StatusOK || testid(doc, "account-name").Text() != "over-http-1" {
		t.Fatalf("first page over HTTP: %d %q", resp.StatusCode, testid(doc, "account-name").Text())
	}
	next := testid(doc, "page-next").AttrOr("href", "")
	if _, doc = b.get(next); testid(doc, "account-name").Text() != "over-http-2" {
		t.Fatalf("next page over HTTP (%s): %q", next, testid(doc, "account-name").Text())
	}
	if _, doc = b.get("/admin/service-accounts?q=" + url.QueryEscape("http-2")); testid(doc, "account-row").Length() != 1 {
		t.Fatal("search over HTTP")
	}
	resp, _ = b.submit("/admin/service-accounts/new", "/admin/service-accounts/new", url.Values{"name": {"made-over-http"}, "scopes": {"fr:idm:*"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/keys/") {
		t.Fatalf("create over HTTP: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, doc = b.get("/admin/service-accounts?q=made-over-http"); testid(doc, "account-row").Length() != 1 {
		t.Fatal("the account created over HTTP is not listed")
	}
}
