//go:build e2e

package e2e

import (
	"net/http"
	"testing"

	"github.com/mxschmitt/playwright-go"
)

const textScopeRemovalWarn = "Before removing scopes that the service application can grant to an access token, make sure you identify which of your integrations are dependent upon those scopes; otherwise those integrations will fail the next time they request an access token."

// Issue 4, item 7: Edit renames, removes a scope (after the seed's warning)
// and sets Inactive; a token request for the removed scope then gets
// invalid_scope, and an inactive account gets no token at all.
func TestEditRenameRemoveScopeDeactivate(t *testing.T) {
	key := newRSAKey(t)
	name := uniqueName("edit-me")
	acct := createThroughAPI(t, name, []string{"fr:idm:*", "fr:idc:esv:*"}, key)
	mustToken(t, acct.ID, key, "fr:idc:esv:*") // works before the edit

	page := newPage(t)
	signIn(t, page, admin)
	openServiceAccounts(t, page)
	rowAction(t, page, name, textEdit)
	must(t, expect.Locator(page.GetByLabel("ID", playwright.PageGetByLabelOptions{Exact: playwright.Bool(true)})).ToHaveValue(acct.ID), "the edit form shows the ID")

	renamed := name + "-renamed"
	fill(t, page.GetByLabel("Name", playwright.PageGetByLabelOptions{Exact: playwright.Bool(true)}), renamed, "Name")
	must(t, scopeBox(page, "fr:idc:esv:*").Uncheck(), "uncheck fr:idc:esv:*")
	click(t, role(page, "button", textSave), textSave)

	// The seed's warning before scopes are removed, naming the scope.
	visible(t, page.GetByText(textScopeRemovalWarn).First(), "the scope removal warning")
	must(t, expect.Locator(byTestID(page, "removed-scope")).ToHaveCount(1), "one scope to be removed")
	containsText(t, byTestID(page, "removed-scope"), "fr:idc:esv:*", "the scope to be removed")
	if got := readThroughAPI(t, acct.ID); len(got.Scopes) != 2 {
		t.Fatalf("scopes changed before the removal was confirmed: %v", got.Scopes)
	}
	click(t, byTestID(page, "confirm-save"), "Remove Scopes and Save")
	containsText(t, byTestID(page, "flash-success"), "Service account updated.", "the update message")

	got := readThroughAPI(t, acct.ID)
	if got.Name != renamed || !sameSet(got.Scopes, []string{"fr:idm:*"}) || !got.Active() {
		t.Fatalf("after the edit the tenant holds name %q scopes %v status %q", got.Name, got.Scopes, got.AccountStatus)
	}
	tokenRefused(t, acct.ID, key, "fr:idc:esv:*", "invalid_scope")
	still := mustToken(t, acct.ID, key, "fr:idm:*")

	// Inactive: no token, and the token issued before opens nothing.
	rowAction(t, page, renamed, textEdit)
	must(t, page.GetByRole("radio", playwright.PageGetByRoleOptions{Name: "Inactive", Exact: playwright.Bool(true)}).Check(), "choose Inactive")
	click(t, role(page, "button", textSave), textSave)
	containsText(t, byTestID(page, "flash-success"), "Service account updated.", "the update message")
	search(t, page, renamed)
	hasText(t, rowOf(page, renamed).GetByTestId("account-status"), "Inactive", "the list shows the account inactive")
	tokenRefused(t, acct.ID, key, "fr:idm:*", "")
	wantStatus(t, http.MethodGet, alphaUsers, still, http.StatusUnauthorized)
}
