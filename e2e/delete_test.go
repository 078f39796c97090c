//go:build e2e

package e2e

import (
	"net/http"
	"regexp"
	"testing"
)

const textDeleteWarn = "Before deleting a service account, make sure none of your integrations are dependent upon its key to sign JWTs; otherwise those integrations will fail the next time they request an access token."

// Issue 4, item 9: Delete; the account disappears, its key gets no token, and
// a token issued before is refused by the APIs.
func TestDeleteServiceAccount(t *testing.T) {
	key := newRSAKey(t)
	name := uniqueName("delete-me")
	acct := createThroughAPI(t, name, []string{"fr:idm:*"}, key)
	before := mustToken(t, acct.ID, key, "fr:idm:*")
	wantStatus(t, http.MethodGet, alphaUsers, before, http.StatusOK)

	page := newPage(t)
	signIn(t, page, admin)
	openServiceAccounts(t, page)
	rowAction(t, page, name, textDelete)
	visible(t, role(page, "heading", textDeleteAccount), "the Delete Service Account page")
	visible(t, page.GetByText(textDeleteWarn), "the delete warning")
	click(t, role(page, "button", textDeleteAccount), "Delete Service Account")
	containsText(t, byTestID(page, "flash-success"), regexp.MustCompile(`Service account .*`+regexp.QuoteMeta(name)+`.* deleted\.`), "the deleted message")

	search(t, page, name)
	must(t, expect.Locator(rowOf(page, name)).ToHaveCount(0), "the account is gone from the list")
	wantStatus(t, http.MethodGet, "/openidm/managed/svcacct/"+acct.ID, adminToken(t, admin), http.StatusNotFound)
	tokenRefused(t, acct.ID, key, "fr:idm:*", "")
	wantStatus(t, http.MethodGet, alphaUsers, before, http.StatusUnauthorized)
}
