//go:build e2e

package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mxschmitt/playwright-go"
)

// Issue 4, item 12: support staff (tenant auditor) see the pages, have no
// control that changes anything, and a change posted by hand is refused.
func TestAuditorIsReadOnly(t *testing.T) {
	name := uniqueName("audited")
	acct := createThroughAPI(t, name, []string{"fr:idm:*"}, newRSAKey(t))

	page := newPage(t)
	signIn(t, page, auditor)
	containsText(t, byTestID(page, "user-role"), "auditor", "the role shown")
	openServiceAccounts(t, page)
	search(t, page, name)
	hasText(t, rowOf(page, name).GetByTestId("account-id"), acct.ID, "the auditor sees the account")

	// No control that changes anything.
	for what, l := range map[string]playwright.Locator{
		"New Service Account": role(page, "link", textNewAccount),
		"a row menu":          byTestID(page, "row-menu"),
		"Edit":                page.GetByRole("link", playwright.PageGetByRoleOptions{Name: textEdit}),
		"Delete":              page.GetByRole("link", playwright.PageGetByRoleOptions{Name: textDelete}),
	} {
		must(t, expect.Locator(l).ToHaveCount(0), "the auditor's list has no %s", what)
	}

	// The change pages are refused.
	for _, path := range []string{
		"/admin/service-accounts/new",
		"/admin/service-accounts/" + acct.ID + "/edit",
		"/admin/service-accounts/" + acct.ID + "/regenerate-key",
		"/admin/service-accounts/" + acct.ID + "/delete",
	} {
		if r := goTo(t, page, path); r.Status() != http.StatusForbidden {
			t.Errorf("auditor GET %s: status %d, want 403", path, r.Status())
		}
		visible(t, byTestID(page, "error-page"), "the refusal page for "+path)
	}

	// Changes posted by hand, with the auditor's own valid CSRF token.
	goTo(t, page, "/admin/service-accounts")
	csrf, err := page.Locator(`input[name="csrf_token"]`).First().InputValue()
	must(t, err, "read the auditor's CSRF token")
	post := func(path string, form url.Values) int {
		t.Helper()
		form.Set("csrf_token", csrf)
		resp, err := page.Request().Post(path, playwright.APIRequestContextPostOptions{
			Headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": suite.baseURL},
			Data:    form.Encode(),
		})
		must(t, err, "POST %s", path)
		return resp.Status()
	}
	created := name + "-by-auditor"
	for path, form := range map[string]url.Values{
		"/admin/service-accounts/new":                            {"name": {created}, "scopes": {"fr:idm:*"}},
		"/admin/service-accounts/" + acct.ID + "/edit":           {"name": {name + "-renamed"}, "scopes": {"fr:idm:*"}, "accountStatus": {"inactive"}, "_rev": {acct.Rev}},
		"/admin/service-accounts/" + acct.ID + "/regenerate-key": {"_rev": {acct.Rev}},
		"/admin/service-accounts/" + acct.ID + "/delete":         {"_rev": {acct.Rev}},
	} {
		if status := post(path, form); status != http.StatusForbidden {
			t.Errorf("auditor POST %s: status %d, want 403", path, status)
		}
	}
	if got := accountsNamed(t, created); len(got) != 0 {
		t.Errorf("the auditor's post created an account")
	}
	if got := readThroughAPI(t, acct.ID); got.Rev != acct.Rev || got.Name != name || got.JWKS != acct.JWKS {
		t.Errorf("the auditor's posts changed the account: %+v", got)
	}

	// The tenant API refuses the auditor's writes too.
	token := adminToken(t, auditor)
	wantStatus(t, http.MethodGet, "/openidm/managed/svcacct/"+acct.ID, token, http.StatusOK)
	status, body := apiStatus(t, http.MethodPost, "/openidm/managed/svcacct?_action=create", token,
		strings.NewReader(`{"name":"`+created+`","scopes":["fr:idm:*"],"jwks":`+jsonString(acct.JWKS)+`}`))
	if status != http.StatusForbidden {
		t.Errorf("auditor create through the API: status %d, want 403: %s", status, body)
	}
	wantStatus(t, http.MethodDelete, "/openidm/managed/svcacct/"+acct.ID, token, http.StatusForbidden)
}
