//go:build e2e

package e2e

import (
	"testing"

	"github.com/mxschmitt/playwright-go"
)

// Issue 4, item 1 (continued): after Sign Out, the cookies the browser had
// while signed in open nothing, neither the console's nor the tenant's.
func TestSignedOutCookiesOpenNothing(t *testing.T) {
	page := newPage(t)
	signIn(t, page, admin)
	goTo(t, page, "/admin/service-accounts")
	visible(t, role(page, "heading", textServiceAccounts), "the Service Accounts heading")
	cookies, err := page.Context().Cookies()
	must(t, err, "read the signed-in cookies")

	click(t, byTestID(page, "user-menu-toggle"), "the user menu")
	click(t, role(page, "button", "Sign Out"), "Sign Out")
	atURL(t, page, `/am/XUI/`)

	replay := newPage(t)
	optional := make([]playwright.OptionalCookie, 0, len(cookies))
	for _, c := range cookies {
		optional = append(optional, c.ToOptionalCookie())
	}
	must(t, replay.Context().AddCookies(optional), "replay the old cookies")
	goTo(t, replay, "/admin/service-accounts")
	atURL(t, replay, `/am/XUI/`)
}
