//go:build e2e

package e2e

import (
	"testing"

	"github.com/mxschmitt/playwright-go"
)

// tabTo presses Tab until target has the focus, as a keyboard user would
// move through the page; it fails when target is never reached.
func tabTo(t *testing.T, page playwright.Page, target playwright.Locator, what string) {
	t.Helper()
	for range 120 {
		focused, err := target.Evaluate(`el => el === document.activeElement`, nil)
		must(t, err, "find %s", what)
		if focused == true {
			return
		}
		must(t, page.Keyboard().Press("Tab"), "press Tab")
	}
	t.Fatalf("Tab never reaches %s", what)
}

func press(t *testing.T, page playwright.Page, key string) {
	t.Helper()
	must(t, page.Keyboard().Press(key), "press %s", key)
}

func typeText(t *testing.T, page playwright.Page, text string) {
	t.Helper()
	must(t, page.Keyboard().Type(text), "type %q", text)
}

// Issue 4, item 13: sign-in and the seed's create flow with the keyboard
// alone: Tab to move, Enter and Space to act, no mouse.
func TestCreateWithKeyboardOnly(t *testing.T) {
	page := newPage(t)
	goTo(t, page, "/admin/")
	atURL(t, page, `/am/XUI/`)
	tabTo(t, page, signInField(page, "User Name"), "User Name")
	typeText(t, page, admin.Name)
	tabTo(t, page, signInField(page, "Password"), "Password")
	typeText(t, page, admin.Password)
	press(t, page, "Enter")
	atURL(t, page, `/admin/$`)

	// The seed's steps: TENANT menu, Tenant settings, Global Settings, Service Accounts.
	tabTo(t, page, byTestID(page, "tenant-menu-toggle"), "the TENANT menu")
	press(t, page, "Enter")
	tabTo(t, page, role(page, "link", textTenantSettings), textTenantSettings)
	press(t, page, "Enter")
	atURL(t, page, `/admin/tenant-settings$`)
	tabTo(t, page, role(page, "link", textGlobalSettings), textGlobalSettings)
	press(t, page, "Enter")
	atURL(t, page, `/global-settings$`)
	tabTo(t, page, byTestID(page, "service-accounts-link"), textServiceAccounts)
	press(t, page, "Enter")
	atURL(t, page, `/admin/service-accounts$`)

	tabTo(t, page, role(page, "link", textNewAccount), textNewAccount)
	press(t, page, "Enter")
	atURL(t, page, `/admin/service-accounts/new$`)
	name := uniqueName("keyboard")
	tabTo(t, page, page.GetByLabel("Name", playwright.PageGetByLabelOptions{Exact: playwright.Bool(true)}), "Name")
	typeText(t, page, name)
	tabTo(t, page, page.GetByLabel("Description"), "Description")
	typeText(t, page, "made without a mouse")
	for _, s := range []string{"fr:idm:*", "fr:idc:esv:read"} {
		tabTo(t, page, scopeBox(page, s), "the scope "+s)
		press(t, page, "Space")
		must(t, expect.Locator(scopeBox(page, s)).ToBeChecked(), "Space checks %s", s)
	}
	tabTo(t, page, role(page, "button", textSave), textSave)
	press(t, page, "Enter")

	visible(t, role(page, "heading", textCreated), "the created message")
	id, err := page.GetByLabel("ID", playwright.PageGetByLabelOptions{Exact: playwright.Bool(true)}).InputValue()
	must(t, err, "read the ID")
	download := role(page, "button", textDownloadKey)
	tabTo(t, page, download, textDownloadKey)
	dl, err := page.ExpectDownload(func() error { return page.Keyboard().Press("Enter") })
	must(t, err, "Enter on Download Key downloads the key")
	key := readKeyDownload(t, dl)
	tabTo(t, page, role(page, "button", textDone), textDone)
	press(t, page, "Enter")
	atURL(t, page, `/admin/service-accounts\??$`)

	assertKeyMatchesTenant(t, id, key)
	got := readThroughAPI(t, id)
	if got.Name != name || !sameSet(got.Scopes, []string{"fr:idm:*", "fr:idc:esv:read"}) {
		t.Fatalf("the tenant holds name %q scopes %v", got.Name, got.Scopes)
	}
}
