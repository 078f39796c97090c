//go:build e2e

package e2e

import (
	"net/http"
	"testing"
)

const textRegenerateWarn = "Before regenerating a key, make sure you identify which of your integrations are dependent upon it to sign JWTs, as all those integrations need to be updated with the new key."

// Issue 4, item 8: Regenerate Key; the old key's assertion is refused, the
// new key (downloaded once) works and is the one the tenant stores.
func TestRegenerateKey(t *testing.T) {
	oldKey := newRSAKey(t)
	name := uniqueName("rotate")
	acct := createThroughAPI(t, name, []string{"fr:idm:*"}, oldKey)
	mustToken(t, acct.ID, oldKey, "fr:idm:*")

	page := newPage(t)
	signIn(t, page, admin)
	openServiceAccounts(t, page)
	rowAction(t, page, name, textRegenerateKey)
	visible(t, role(page, "heading", textRegenerateKey), "the Regenerate Key dialog")
	visible(t, page.GetByText(textRegenerateWarn), "the regenerate warning")
	click(t, role(page, "button", textRegenerateKey), "Regenerate Key in the dialog")

	fresh := readCreatedPage(t, page, textKeyCreated)
	if fresh.ID != acct.ID {
		t.Fatalf("the regenerated key's page names %s, want %s", fresh.ID, acct.ID)
	}
	click(t, role(page, "button", textDone), textDone)
	visible(t, role(page, "heading", textServiceAccounts), "the list after Done")

	assertKeyMatchesTenant(t, acct.ID, fresh.Key)
	tokenRefused(t, acct.ID, oldKey, "fr:idm:*", "")
	token := mustToken(t, acct.ID, fresh.Key.Key, "fr:idm:*")
	wantStatus(t, http.MethodGet, alphaUsers, token, http.StatusOK)
}
