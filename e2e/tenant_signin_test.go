//go:build e2e

package e2e

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/mxschmitt/playwright-go"
)

func signInField(page playwright.Page, label string) playwright.Locator {
	return page.GetByLabel(label, playwright.PageGetByLabelOptions{Exact: playwright.Bool(true)})
}

// The tenant's own sign-in page in a real browser: a wrong password is
// refused with a message and nothing else said; the right one sets the AM
// session cookie (HttpOnly), which then opens the scope catalogue (§5.5).
func TestTenantSignInPage(t *testing.T) {
	page := newPage(t)
	goTo(t, page, "/am/XUI/")
	visible(t, role(page, "heading", "Sign In"), "the Sign In heading")

	fill(t, signInField(page, "User Name"), admin.Name, "User Name")
	fill(t, signInField(page, "Password"), "not-"+admin.Password, "Password")
	click(t, role(page, "button", "Next"), "Next")
	containsText(t, page.GetByRole("alert"), "Login failure", "the sign-in error")
	must(t, expect.Locator(signInField(page, "User Name")).ToHaveValue(admin.Name), "the user name is kept")
	must(t, expect.Locator(signInField(page, "Password")).ToHaveValue(""), "the password is not sent back")

	fill(t, signInField(page, "Password"), admin.Password, "Password")
	click(t, role(page, "button", "Next"), "Next")
	atURL(t, page, `/admin/`)

	cookies, err := page.Context().Cookies(suite.baseURL)
	must(t, err, "read cookies")
	var session *playwright.Cookie
	for i, c := range cookies {
		if c.Name == "iPlanetDirectoryPro" {
			session = &cookies[i]
		}
	}
	if session == nil || !session.HttpOnly {
		t.Fatalf("no HttpOnly iPlanetDirectoryPro cookie after signing in: %+v", cookies)
	}

	resp := goTo(t, page, "/environment/scopes/service-accounts")
	if resp.Status() != http.StatusOK {
		t.Fatalf("the scope catalogue with the session cookie: status %d, want 200", resp.Status())
	}
	must(t, expect.Locator(page.Locator("body")).ToContainText(regexp.MustCompile(`"scope":\s*"fr:idm:\*"`)), "the catalogue lists fr:idm:*")
}
