//go:build e2e

package e2e

import (
	"testing"
)

// Issue 4, item 2: the seed's "View service accounts" steps, literally.
func TestViewServiceAccountsBySeedSteps(t *testing.T) {
	page := newPage(t)
	signIn(t, page, admin)
	openServiceAccounts(t, page)
	atURL(t, page, `/admin/service-accounts$`)
	visible(t, role(page, "link", textNewAccount), "New Service Account")
}

// Issue 4, item 3: create following the seed's steps, with a parent and a
// child scope; the downloaded key is a private RSA JWK whose public half is
// the key the tenant stores for the new ID.
func TestCreateServiceAccount(t *testing.T) {
	page := newPage(t)
	signIn(t, page, admin)
	openServiceAccounts(t, page)

	name := uniqueName("ci-pipeline")
	scopes := []string{"fr:idm:*", "fr:idc:esv:read"} // a parent and a child scope
	acct := createInBrowser(t, page, name, "Deploys from CI", scopes)
	assertKeyMatchesTenant(t, acct.ID, acct.Key)

	// The list shows the new account with its ID, active.
	must(t, page.GetByRole("searchbox").Fill(name), "search for %s", name)
	click(t, role(page, "button", "Search"), "Search")
	row := byTestID(page, "account-row").Filter(playwrightHasText(name))
	hasText(t, row.GetByTestId("account-id"), acct.ID, "the new row's ID")
	hasText(t, row.GetByTestId("account-status"), "Active", "the new row's status")

	// The tenant holds what was entered.
	var stored struct {
		Name          string   `json:"name"`
		Description   *string  `json:"description"`
		AccountStatus string   `json:"accountStatus"`
		Scopes        []string `json:"scopes"`
	}
	must(t, getJSONT(t, "/openidm/managed/svcacct/"+acct.ID, adminToken(t, admin), &stored), "read the new account")
	if stored.Name != name || stored.Description == nil || *stored.Description != "Deploys from CI" || stored.AccountStatus != "active" {
		t.Errorf("stored account = %+v, want name %q, description %q, active", stored, name, "Deploys from CI")
	}
	if !sameSet(stored.Scopes, scopes) {
		t.Errorf("stored scopes = %v, want %v", stored.Scopes, scopes)
	}
}
