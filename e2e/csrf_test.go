//go:build e2e

package e2e

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/mxschmitt/playwright-go"
)

// attackerPage serves, at another site, a page that posts fields to target
// on load, as a cross-site request forgery would.
func attackerPage(t *testing.T, page playwright.Page, target string, fields map[string]string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en"><title>Win a prize</title><form method="post" action="` + html.EscapeString(suite.baseURL+target) + `">`)
	for k, v := range fields {
		b.WriteString(`<input type="hidden" name="` + html.EscapeString(k) + `" value="` + html.EscapeString(v) + `">`)
	}
	b.WriteString(`</form><script>document.forms[0].submit()</script></html>`)
	const at = "http://attacker.test/prize"
	must(t, page.Route(at, func(r playwright.Route) {
		_ = r.Fulfill(playwright.RouteFulfillOptions{Status: playwright.Int(200), ContentType: playwright.String("text/html"), Body: b.String()})
	}), "serve the attacker's page")
	return at
}

// A signed-in administrator visiting another site: that site's forms posting
// to the console or to the tenant's sign-in page are refused, and change
// nothing.
func TestCrossSiteFormsAreRefused(t *testing.T) {
	name := uniqueName("csrf-target")
	acct := createThroughAPI(t, name, []string{"fr:idm:*"}, newRSAKey(t))
	page := newPage(t)
	signIn(t, page, admin)

	forged := uniqueName("csrf-made")
	for target, fields := range map[string]map[string]string{
		"/admin/service-accounts/new":                    {"name": forged, "scopes": "fr:idm:*", "csrf_token": "forged"},
		"/admin/service-accounts/" + acct.ID + "/delete": {"_rev": acct.Rev, "csrf_token": "forged"},
	} {
		at := attackerPage(t, page, target, fields)
		resp, err := page.ExpectResponse(regexp.MustCompile(regexp.QuoteMeta(target)+`$`), func() error {
			_, err := page.Goto(at)
			return err
		})
		must(t, err, "the attacker's post to %s", target)
		if resp.Status() != http.StatusForbidden {
			t.Errorf("cross-site post to %s: status %d, want 403", target, resp.Status())
		}
	}
	if got := accountsNamed(t, forged); len(got) != 0 {
		t.Errorf("a cross-site post created an account")
	}
	if got := readThroughAPI(t, acct.ID); got.Rev != acct.Rev {
		t.Errorf("a cross-site post changed the account")
	}

	// Login CSRF: another site cannot sign the browser in as someone else.
	fresh := newPage(t)
	at := attackerPage(t, fresh, "/am/XUI/", map[string]string{"username": auditor.Name, "password": auditor.Password, "csrf": "forged"})
	resp, err := fresh.ExpectResponse(regexp.MustCompile(`/am/XUI/$`), func() error {
		_, err := fresh.Goto(at)
		return err
	})
	must(t, err, "the attacker's sign-in post")
	if resp.Status() != http.StatusForbidden {
		t.Errorf("cross-site sign-in post: status %d, want 403", resp.Status())
	}
	cookies, err := fresh.Context().Cookies(suite.baseURL)
	must(t, err, "read cookies")
	for _, c := range cookies {
		if c.Name == "iPlanetDirectoryPro" && c.Value != "" {
			t.Errorf("a cross-site sign-in post left a tenant session in the browser")
		}
	}
}
