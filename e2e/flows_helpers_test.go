//go:build e2e

package e2e

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"github.com/mxschmitt/playwright-go"
)

// uniqueName makes names that no other test (or earlier -count run) uses.
func uniqueName(prefix string) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return prefix + "-" + hex.EncodeToString(b)
}

// createdAccount is what the create flow leaves the test with.
type createdAccount struct {
	ID, Name string
	Key      privateKeyFile
}

// scopeBox is the scope picker's checkbox of scope.
func scopeBox(page playwright.Page, scope string) playwright.Locator {
	return page.GetByRole("checkbox", playwright.PageGetByRoleOptions{Name: scope, Exact: playwright.Bool(true)})
}

// fillAccountForm enters name, description and checks scopes on the create
// or edit form.
func fillAccountForm(t *testing.T, page playwright.Page, name, description string, scopes []string) {
	t.Helper()
	fill(t, page.GetByLabel("Name", playwright.PageGetByLabelOptions{Exact: playwright.Bool(true)}), name, "Name")
	fill(t, page.GetByLabel("Description"), description, "Description")
	for _, s := range scopes {
		must(t, scopeBox(page, s).Check(), "check scope %s", s)
	}
}

// createInBrowser follows the seed's "Create a new service account" steps 5-10
// from the Service Accounts page: New Service Account, Name, Description,
// Scopes, Save, the success message and ID, Download Key, Done.
func createInBrowser(t *testing.T, page playwright.Page, name, description string, scopes []string) createdAccount {
	t.Helper()
	click(t, role(page, "link", textNewAccount), textNewAccount)
	visible(t, role(page, "heading", textNewAccount), "the New Service Account heading")
	fillAccountForm(t, page, name, description, scopes)
	click(t, role(page, "button", textSave), textSave)

	acct := readCreatedPage(t, page, textCreated)
	acct.Name = name
	click(t, role(page, "button", textDone), textDone)
	visible(t, role(page, "heading", textServiceAccounts), "the Service Accounts list after Done")
	if !strings.HasSuffix(page.URL(), "/admin/service-accounts") {
		t.Errorf("after Done the address is %q, want the plain list address", page.URL())
	}
	return acct
}

// readCreatedPage checks the "successfully created" page, notes the ID and
// downloads the key (captured as a Playwright download).
func readCreatedPage(t *testing.T, page playwright.Page, title string) createdAccount {
	t.Helper()
	visible(t, role(page, "heading", title), "the '"+title+"' message")
	visible(t, page.GetByText(textDownloadOnce), "the download-now warning")
	idField := page.GetByLabel("ID", playwright.PageGetByLabelOptions{Exact: playwright.Bool(true)})
	must(t, expect.Locator(idField).ToHaveValue(uuidPattern), "the ID field holds a UUID")
	id, err := idField.InputValue()
	must(t, err, "read the ID field")
	dl, err := page.ExpectDownload(func() error {
		return role(page, "button", textDownloadKey).Click()
	})
	must(t, err, "Download Key gives a download")
	if dl.SuggestedFilename() == "" {
		t.Errorf("the key download suggests no file name")
	}
	return createdAccount{ID: id, Key: readKeyDownload(t, dl)}
}

// storedPublicKey reads the account through the tenant API and returns the
// public keys of its jwks string.
func storedJWKS(t *testing.T, id string) jose.JSONWebKeySet {
	t.Helper()
	var acct struct {
		JWKS string `json:"jwks"`
	}
	must(t, getJSONT(t, "/openidm/managed/svcacct/"+id, adminToken(t, admin), &acct), "read account %s", id)
	var set jose.JSONWebKeySet
	must(t, json.Unmarshal([]byte(acct.JWKS), &set), "parse the stored jwks %q", acct.JWKS)
	return set
}

// assertKeyMatchesTenant checks that key's public half is the key the tenant
// stores for id, and that the tenant stores no private member.
func assertKeyMatchesTenant(t *testing.T, id string, key privateKeyFile) {
	t.Helper()
	set := storedJWKS(t, id)
	if len(set.Keys) != 1 {
		t.Fatalf("the tenant stores %d keys for %s, want 1", len(set.Keys), id)
	}
	stored := set.Keys[0]
	if !stored.IsPublic() {
		t.Fatalf("the tenant stores a private key for %s", id)
	}
	if !key.Key.PublicKey.Equal(stored.Key) {
		t.Fatalf("the downloaded key's public half is not the key the tenant stores for %s", id)
	}
}

func playwrightHasText(text string) playwright.LocatorFilterOptions {
	return playwright.LocatorFilterOptions{HasText: text}
}

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		if seen[s] == 0 {
			return false
		}
		seen[s]--
	}
	return true
}

// search types into the list's search box and submits it.
func search(t *testing.T, page playwright.Page, text string) {
	t.Helper()
	fill(t, page.GetByRole("searchbox", playwright.PageGetByRoleOptions{Name: "Search"}), text, "the search box")
	click(t, role(page, "button", "Search"), "Search")
}

// rowOf is the list row of the account named name.
func rowOf(page playwright.Page, name string) playwright.Locator {
	return byTestID(page, "account-row").Filter(playwright.LocatorFilterOptions{
		Has: page.GetByTestId("account-name").GetByText(name, playwright.LocatorGetByTextOptions{Exact: playwright.Bool(true)}),
	})
}

// rowAction follows the seed's step 5 for the account named name: click the
// ellipsis on the right of it and select action (Edit, Regenerate Key, Delete).
func rowAction(t *testing.T, page playwright.Page, name, action string) {
	t.Helper()
	search(t, page, name)
	row := rowOf(page, name)
	click(t, row.GetByRole("button", playwright.LocatorGetByRoleOptions{Name: "Actions for " + name}).Or(row.GetByTestId("row-menu-toggle")).First(), "the ellipsis of "+name)
	click(t, row.GetByRole("link", playwright.LocatorGetByRoleOptions{Name: action, Exact: playwright.Bool(true)}), action+" for "+name)
}
