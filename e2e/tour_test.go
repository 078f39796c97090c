//go:build e2e

package e2e

import (
	"testing"

	"github.com/mxschmitt/playwright-go"
)

// tour walks through every page of the console, and the tenant's sign-in
// page, calling at(name) on each once it has rendered. The accessibility
// test checks each page; `make screenshots` photographs each. The accounts
// it makes are named prefix + a readable name.
func tour(t *testing.T, page playwright.Page, prefix string, at func(name string)) {
	t.Helper()
	goTo(t, page, "/admin/")
	atURL(t, page, `/am/XUI/`)
	at("sign-in")
	fill(t, signInField(page, "User Name"), admin.Name, "User Name")
	fill(t, signInField(page, "Password"), "wrong password", "Password")
	click(t, role(page, "button", "Next"), "Next")
	visible(t, page.GetByRole("alert"), "the sign-in error")
	at("sign-in-failed")
	fill(t, signInField(page, "Password"), admin.Password, "Password")
	click(t, role(page, "button", "Next"), "Next")
	atURL(t, page, `/admin/$`)
	at("dashboard")

	click(t, byTestID(page, "tenant-menu-toggle"), "the TENANT menu")
	visible(t, role(page, "link", textTenantSettings), "the open TENANT menu")
	at("tenant-menu")
	click(t, role(page, "link", textTenantSettings), textTenantSettings)
	at("tenant-settings")
	click(t, role(page, "link", textGlobalSettings), textGlobalSettings)
	at("global-settings")

	key := newRSAKey(t)
	for _, n := range []string{"ci-pipeline", "esv-sync", "nightly-report"} {
		createThroughAPI(t, prefix+n, []string{"fr:idm:*", "fr:idc:esv:read"}, key)
	}
	click(t, byTestID(page, "service-accounts-link"), textServiceAccounts)
	search(t, page, prefix)
	must(t, expect.Locator(byTestID(page, "account-row")).ToHaveCount(3), "the tour's three accounts")
	at("service-accounts")
	rowMenu := rowOf(page, prefix+"ci-pipeline").GetByTestId("row-menu-toggle")
	click(t, rowMenu, "the ellipsis")
	visible(t, role(page, "link", textRegenerateKey), "the open row menu")
	at("row-menu")
	search(t, page, prefix+"nothing-matches")
	visible(t, byTestID(page, "empty-state"), "the no-match message")
	at("search-no-match")

	click(t, role(page, "link", textNewAccount), textNewAccount)
	at("create")
	click(t, role(page, "button", textSave), textSave)
	visible(t, page.Locator("#error-name"), "the name error")
	at("create-errors")
	fillAccountForm(t, page, prefix+"config-deploy", "Deploys the tenant's configuration", []string{"fr:idm:*", "fr:idc:esv:read"})
	click(t, role(page, "button", textSave), textSave)
	visible(t, role(page, "heading", textCreated), "the created message")
	at("created")
	acct := readCreatedPage(t, page, textCreated)
	click(t, role(page, "button", textDownloadKey), "Download Key again")
	visible(t, role(page, "heading", textKeyGone), "the key-gone page")
	at("key-gone")

	goTo(t, page, "/admin/service-accounts/"+acct.ID+"/edit")
	at("edit")
	must(t, scopeBox(page, "fr:idc:esv:read").Uncheck(), "uncheck a scope")
	click(t, role(page, "button", textSave), textSave)
	visible(t, byTestID(page, "confirm-scope-removal"), "the scope removal confirmation")
	at("confirm-scope-removal")

	goTo(t, page, "/admin/service-accounts/"+acct.ID+"/regenerate-key")
	at("regenerate-key")
	click(t, role(page, "button", textRegenerateKey), textRegenerateKey)
	visible(t, role(page, "heading", textKeyCreated), "the key created message")
	at("key-regenerated")

	goTo(t, page, "/admin/service-accounts/"+acct.ID+"/delete")
	at("delete")
	click(t, role(page, "button", textDeleteAccount), textDeleteAccount)
	visible(t, byTestID(page, "flash-success"), "the deleted message")
	at("deleted")

	goTo(t, page, "/admin/service-accounts/"+acct.ID+"/edit")
	visible(t, byTestID(page, "error-page"), "the error page")
	at("not-found")
}
