//go:build e2e

package e2e

import (
	"net/http"
	"regexp"
	"testing"
)

const textKeyGone = "This key is no longer available."

// Issue 4, item 5: after its one download, the key is refused with a clear
// page on a second click, on reload, and on going back; another
// administrator's browser never gets it.
func TestKeyDownloadsOnlyOnce(t *testing.T) {
	page := newPage(t)
	signIn(t, page, admin)
	openServiceAccounts(t, page)
	click(t, role(page, "link", textNewAccount), textNewAccount)
	fillAccountForm(t, page, uniqueName("once"), "", []string{"fr:idm:*"})
	click(t, role(page, "button", textSave), textSave)
	acct := readCreatedPage(t, page, textCreated) // the one download
	keyURL := page.URL()

	gone := func(how string) {
		t.Helper()
		visible(t, role(page, "heading", textKeyGone), "the key-gone page after "+how)
		if n, err := page.GetByRole("button", *exact(textDownloadKey)).Count(); err != nil || n != 0 {
			t.Fatalf("after %s the page still offers Download Key", how)
		}
	}

	// A second click on Download Key.
	resp, err := page.ExpectResponse(regexp.MustCompile(`/download$`), func() error {
		return role(page, "button", textDownloadKey).Click()
	})
	must(t, err, "second click on Download Key")
	if resp.Status() != http.StatusGone {
		t.Errorf("second download: status %d, want 410", resp.Status())
	}
	gone("a second click")

	// Back to the key page, and a reload of it.
	_, err = page.GoBack()
	must(t, err, "go back")
	atURL(t, page, regexp.QuoteMeta(keyURL)+"$")
	gone("going back")
	_, err = page.Reload()
	must(t, err, "reload")
	gone("a reload")
	assertKeyMatchesTenant(t, acct.ID, acct.Key)

	// A key waiting for its download is bound to the browser session that
	// made it: another administrator gets the refusal, the owner the key.
	click(t, byTestID(page, "back-to-list"), "Back to Service Accounts")
	click(t, role(page, "link", textNewAccount), textNewAccount)
	fillAccountForm(t, page, uniqueName("bound"), "", []string{"fr:idm:*"})
	click(t, role(page, "button", textSave), textSave)
	visible(t, role(page, "heading", textCreated), "the created message")
	pendingURL := page.URL()

	other := newPage(t)
	signIn(t, other, admin2)
	r := goTo(t, other, pendingURL)
	if r.Status() != http.StatusGone {
		t.Errorf("another administrator opening the key page: status %d, want 410", r.Status())
	}
	visible(t, role(other, "heading", textKeyGone), "the key-gone page for another administrator")

	bound := readCreatedPage(t, page, textCreated)
	assertKeyMatchesTenant(t, bound.ID, bound.Key)
}
