//go:build e2e

package e2e

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/mxschmitt/playwright-go"
)

// Issue 4, item 10: bad input in the browser. Each mistake gets a message
// next to its field, what was entered stays, and nothing is created.
func TestCreateRefusesBadInput(t *testing.T) {
	page := newPage(t)
	signIn(t, page, admin)
	openServiceAccounts(t, page)
	click(t, role(page, "link", textNewAccount), textNewAccount)
	nameField := page.GetByLabel("Name", playwright.PageGetByLabelOptions{Exact: playwright.Bool(true)})

	save := func(what string) {
		t.Helper()
		resp, err := page.ExpectResponse(regexp.MustCompile(`/admin/service-accounts/new$`), func() error {
			return role(page, "button", textSave).Click()
		})
		must(t, err, "save %s", what)
		if resp.Status() != http.StatusUnprocessableEntity {
			t.Errorf("saving %s: status %d, want 422", what, resp.Status())
		}
		visible(t, role(page, "heading", textNewAccount), "the form again after "+what)
	}
	// fieldError checks the message shown next to a field and tied to it.
	fieldError := func(field playwright.Locator, id, text string) {
		t.Helper()
		hasText(t, page.Locator("#"+id), text, "the message next to the field")
		must(t, expect.Locator(field).ToHaveAttribute("aria-invalid", "true"), "the field is marked invalid")
		must(t, expect.Locator(field).ToHaveAttribute("aria-describedby", regexp.MustCompile(`\b`+id+`\b`)), "the field points at its message")
	}

	// Empty name (the description and scope entered stay).
	fillAccountForm(t, page, "", "kept description", []string{"fr:idm:*"})
	save("an empty name")
	fieldError(nameField, "error-name", "Name is required.")
	must(t, expect.Locator(page.GetByLabel("Description")).ToHaveValue("kept description"), "the description is kept")
	must(t, expect.Locator(scopeBox(page, "fr:idm:*")).ToBeChecked(), "the scope stays checked")

	// Overlong name: the field stops at 255 characters; a client that does
	// not (the limit removed from the page) is told by the server.
	long := uniqueName("long") + strings.Repeat("x", 300)
	fill(t, nameField, long, "Name")
	must(t, expect.Locator(nameField).ToHaveValue(long[:255]), "the field keeps 255 characters")
	_, err := nameField.Evaluate(`el => el.removeAttribute("maxlength")`, nil)
	must(t, err, "remove the field's maxlength")
	fill(t, nameField, long, "Name")
	save("a 312-character name")
	fieldError(nameField, "error-name", "Name must be 255 characters or fewer.")
	must(t, expect.Locator(nameField).ToHaveValue(long), "the overlong name is shown again to be corrected")

	// No scope.
	name := uniqueName("no-scope")
	fill(t, nameField, name, "Name")
	must(t, scopeBox(page, "fr:idm:*").Uncheck(), "uncheck fr:idm:*")
	save("no scope")
	hasText(t, page.Locator("#error-scopes"), "Select at least one scope.", "the message next to the scopes")
	must(t, expect.Locator(byTestID(page, "scopes")).ToHaveAttribute("aria-describedby", regexp.MustCompile(`\berror-scopes\b`)), "the scopes point at their message")
	must(t, expect.Locator(nameField).ToHaveValue(name), "the name is kept")

	for _, n := range []string{long, long[:255], name} {
		if got := accountsNamed(t, n); len(got) != 0 {
			t.Errorf("an account named %.40q... was created: %v", n, got[0].ID)
		}
	}
	if got := accountsNamed(t, ""); len(got) != 0 {
		t.Errorf("an account with an empty name was created")
	}
}
