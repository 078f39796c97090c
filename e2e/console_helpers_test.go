//go:build e2e

package e2e

import (
	"crypto/rsa"
	"encoding/json"
	"io"
	"os"
	"regexp"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"github.com/mxschmitt/playwright-go"
)

// Texts of the seed (../shared/seed/service-accounts.md), word for word.
const (
	textTenantMenu      = "TENANT"
	textTenantSettings  = "Tenant settings"
	textGlobalSettings  = "Global Settings"
	textServiceAccounts = "Service Accounts"
	textNewAccount      = "New Service Account"
	textSave            = "Save"
	textCreated         = "Service account successfully created!"
	textKeyCreated      = "Key successfully created!"
	textDownloadKey     = "Download Key"
	textDone            = "Done"
	textDownloadOnce    = "You must download the private key at this point as it will not be available again."
	textEdit            = "Edit"
	textRegenerateKey   = "Regenerate Key"
	textDelete          = "Delete"
	textDeleteAccount   = "Delete Service Account"
)

func byTestID(page playwright.Page, id string) playwright.Locator { return page.GetByTestId(id) }

func exact(name string) *playwright.PageGetByRoleOptions {
	return &playwright.PageGetByRoleOptions{Name: name, Exact: playwright.Bool(true)}
}

func role(page playwright.Page, r playwright.AriaRole, name string) playwright.Locator {
	return page.GetByRole(r, *exact(name))
}

func click(t *testing.T, l playwright.Locator, what string) {
	t.Helper()
	must(t, l.Click(), "click %s", what)
}

func fill(t *testing.T, l playwright.Locator, value, what string) {
	t.Helper()
	must(t, l.Fill(value), "fill %s", what)
}

func visible(t *testing.T, l playwright.Locator, what string) {
	t.Helper()
	must(t, expect.Locator(l).ToBeVisible(), "%s is visible", what)
}

func hasText(t *testing.T, l playwright.Locator, text any, what string) {
	t.Helper()
	must(t, expect.Locator(l).ToHaveText(text), "%s has text %v", what, text)
}

func containsText(t *testing.T, l playwright.Locator, text any, what string) {
	t.Helper()
	must(t, expect.Locator(l).ToContainText(text), "%s contains %v", what, text)
}

func atURL(t *testing.T, page playwright.Page, re string) {
	t.Helper()
	must(t, expect.Page(page).ToHaveURL(regexp.MustCompile(re)), "page URL matches %s", re)
}

// signIn signs u in through the tenant's sign-in page, starting at the console.
func signIn(t *testing.T, page playwright.Page, u user) {
	t.Helper()
	goTo(t, page, "/admin/")
	atURL(t, page, `/am/XUI/`)
	fill(t, page.GetByLabel("User Name", playwright.PageGetByLabelOptions{Exact: playwright.Bool(true)}), u.Name, "User Name")
	fill(t, page.GetByLabel("Password", playwright.PageGetByLabelOptions{Exact: playwright.Bool(true)}), u.Password, "Password")
	click(t, role(page, "button", "Next"), "Next")
	atURL(t, page, `/admin/`)
	hasText(t, byTestID(page, "user-name"), u.Name, "signed-in user's name")
}

// openServiceAccounts follows the seed's steps 1-4 literally: TENANT menu,
// Tenant settings, Global Settings, Service Accounts.
func openServiceAccounts(t *testing.T, page playwright.Page) {
	t.Helper()
	menu := byTestID(page, "tenant-menu-toggle")
	containsText(t, menu, textTenantMenu, "the TENANT menu (upper right)")
	click(t, menu, "the TENANT menu")
	click(t, role(page, "link", textTenantSettings), textTenantSettings)
	click(t, role(page, "link", textGlobalSettings), textGlobalSettings)
	click(t, page.GetByRole("link", playwright.PageGetByRoleOptions{Name: regexp.MustCompile("^" + textServiceAccounts)}), textServiceAccounts)
	visible(t, role(page, "heading", textServiceAccounts), "the Service Accounts heading")
}

// privateKeyFile is a downloaded service account key.
type privateKeyFile struct {
	JWK jose.JSONWebKey
	Key *rsa.PrivateKey
	Raw []byte
}

// readKeyDownload saves dl and parses it as a private RSA JWK.
func readKeyDownload(t *testing.T, dl playwright.Download) privateKeyFile {
	t.Helper()
	path, err := dl.Path()
	must(t, err, "downloaded key's path")
	f, err := os.Open(path)
	must(t, err, "open downloaded key")
	defer f.Close()
	raw, err := io.ReadAll(f)
	must(t, err, "read downloaded key")
	var k privateKeyFile
	k.Raw = raw
	must(t, json.Unmarshal(raw, &k.JWK), "parse the downloaded key (%d bytes) as a JWK", len(raw))
	priv, ok := k.JWK.Key.(*rsa.PrivateKey)
	if !ok {
		t.Fatalf("downloaded key is a %T, want an RSA private key", k.JWK.Key)
	}
	must(t, priv.Validate(), "downloaded RSA key is consistent")
	k.Key = priv
	return k
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
