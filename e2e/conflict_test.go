//go:build e2e

package e2e

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/mxschmitt/playwright-go"
)

const textStale = "Someone else changed this service account while you were editing it."

// Issue 4, item 11: two administrators edit the same account. The second
// save is told about the conflict and shown the current values; nothing is
// lost: the first change stays, and the second can be made again on top.
func TestConcurrentEditsConflict(t *testing.T) {
	name := uniqueName("shared")
	acct := createThroughAPI(t, name, []string{"fr:idm:*"}, newRSAKey(t))

	first, second := newPage(t), newPage(t)
	signIn(t, first, admin)
	signIn(t, second, admin2)
	goTo(t, first, "/admin/service-accounts/"+acct.ID+"/edit")
	goTo(t, second, "/admin/service-accounts/"+acct.ID+"/edit")
	nameOf := func(p playwright.Page) playwright.Locator {
		return p.GetByLabel("Name", playwright.PageGetByLabelOptions{Exact: playwright.Bool(true)})
	}
	must(t, expect.Locator(nameOf(first)).ToHaveValue(name), "the first editor sees the name")
	must(t, expect.Locator(nameOf(second)).ToHaveValue(name), "the second editor sees the name")

	// The second administrator saves first.
	fill(t, nameOf(second), name+"-by-admin2", "Name")
	click(t, role(second, "button", textSave), textSave)
	containsText(t, byTestID(second, "flash-success"), "Service account updated.", "the second editor's update")

	// The first administrator's save is stale.
	fill(t, first.GetByLabel("Description"), "by admin", "Description")
	resp, err := first.ExpectResponse(regexp.MustCompile(`/edit$`), func() error {
		return role(first, "button", textSave).Click()
	})
	must(t, err, "the first editor saves")
	if resp.Status() != http.StatusConflict {
		t.Errorf("stale save: status %d, want 409", resp.Status())
	}
	containsText(t, byTestID(first, "stale-warning"), textStale, "the conflict message")
	must(t, expect.Locator(nameOf(first)).ToHaveValue(name+"-by-admin2"), "the form shows the current name")

	got := readThroughAPI(t, acct.ID)
	if got.Name != name+"-by-admin2" || got.Description != nil {
		t.Fatalf("after the stale save the tenant holds name %q description %v; the first change was lost or the stale one saved", got.Name, got.Description)
	}

	// Saved again on the current values, both changes are there.
	fill(t, first.GetByLabel("Description"), "by admin", "Description")
	click(t, role(first, "button", textSave), textSave)
	containsText(t, byTestID(first, "flash-success"), "Service account updated.", "the first editor's update")
	got = readThroughAPI(t, acct.ID)
	if got.Name != name+"-by-admin2" || got.Description == nil || *got.Description != "by admin" {
		t.Fatalf("after saving again the tenant holds name %q description %v", got.Name, got.Description)
	}
}
