//go:build e2e

package e2e

import (
	"net/http"
	"testing"
)

// Issue 4, item 4: the key downloaded in the browser gets an access token
// (JWT bearer grant) that opens the APIs of the account's scopes and no other.
func TestDownloadedKeyOpensTheAPIs(t *testing.T) {
	page := newPage(t)
	signIn(t, page, admin)
	openServiceAccounts(t, page)
	acct := createInBrowser(t, page, uniqueName("reader"), "", []string{"fr:idm:*", "fr:idc:esv:read"})

	token := mustToken(t, acct.ID, acct.Key.Key, "fr:idm:*")
	wantStatus(t, http.MethodGet, alphaUsers, token, http.StatusOK)
	wantStatus(t, http.MethodGet, "/environment/certificates", token, http.StatusForbidden)
	wantStatus(t, http.MethodGet, "/openidm/managed/svcacct?_queryFilter=true", token, http.StatusForbidden)

	// All of the account's scopes when none is named; none it lacks.
	all := mustToken(t, acct.ID, acct.Key.Key, "")
	wantStatus(t, http.MethodGet, "/environment/variables", all, http.StatusOK)
	tokenRefused(t, acct.ID, acct.Key.Key, "fr:idc:certificate:*", "invalid_scope")
}
