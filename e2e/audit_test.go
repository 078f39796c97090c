//go:build e2e

package e2e

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/mxschmitt/playwright-go"
)

// auditedAccount is an account made through the API that obtained two tokens
// for fr:idm:*; its name holds a comma and quotes, for the CSV export.
func auditedAccount(t *testing.T) (id, name string) {
	t.Helper()
	name = uniqueName(`audit, "trail"`)
	key := newRSAKey(t)
	acct := createThroughAPI(t, name, []string{"fr:idm:*", "fr:am:*"}, key)
	mustToken(t, acct.ID, key, "fr:idm:*")
	mustToken(t, acct.ID, key, "fr:idm:*")
	return acct.ID, name
}

// Issue 5: the details page, reached from the list, shows the account's
// activity and its own events.
func TestAuditDetailsPage(t *testing.T) {
	id, name := auditedAccount(t)
	page := newPage(t)
	signIn(t, page, admin)
	openServiceAccounts(t, page)
	search(t, page, name)
	click(t, rowOf(page, name).GetByTestId("account-details-link"), "the account's name")
	atURL(t, page, "/admin/service-accounts/"+id+"$")
	hasText(t, byTestID(page, "details-name"), name, "the details heading")
	hasText(t, byTestID(page, "activity-grants-24h"), "2", "tokens granted in 24 hours")
	containsText(t, byTestID(page, "activity-created"), "by "+admin.Name, "who created it")
	visible(t, byTestID(page, "activity-key-thumbprint"), "the key thumbprint")
	idm := page.Locator(`[data-testid="activity-scopes"] [data-scope="fr:idm:*"]`)
	must(t, expect.Locator(idm).ToHaveAttribute("data-requested", "true"), "fr:idm:* was requested")
	hasText(t, idm.GetByTestId("scope-requests"), "2", "fr:idm:* requests")
	am := page.Locator(`[data-testid="activity-scopes"] [data-scope="fr:am:*"]`)
	must(t, expect.Locator(am).ToHaveAttribute("data-requested", "false"), "fr:am:* was not requested")
	rows := byTestID(page, "details-events").GetByTestId("audit-row")
	must(t, expect.Locator(rows).ToHaveCount(3), "create and two grants")
	must(t, expect.Locator(rows.First()).ToHaveAttribute("data-action", "token.granted"), "newest first")
	visible(t, byTestID(page, "details-actions"), "an administrator's actions")
}

// Issue 5: the Audit page under Tenant settings filters, and its CSV and JSON
// exports download what the filters select.
func TestAuditPageAndExport(t *testing.T) {
	id, name := auditedAccount(t)
	page := newPage(t)
	signIn(t, page, admin)
	click(t, byTestID(page, "tenant-menu-toggle"), "the TENANT menu")
	click(t, role(page, "link", textTenantSettings), textTenantSettings)
	click(t, byTestID(page, "audit-link"), "Audit")
	atURL(t, page, "/admin/tenant-settings/audit$")
	fill(t, byTestID(page, "filter-account"), id, "the account filter")
	_, err := byTestID(page, "filter-action").SelectOption(playwright.SelectOptionValues{Values: &[]string{"token.granted"}})
	must(t, err, "choose the action")
	click(t, byTestID(page, "filter-apply"), "Apply filters")
	rows := byTestID(page, "audit-row")
	must(t, expect.Locator(rows).ToHaveCount(2), "two grants of the account")
	containsText(t, rows.First().GetByTestId("event-target"), name, "the account named in the row")

	dl, err := page.ExpectDownload(func() error { return byTestID(page, "export-csv").Click() })
	must(t, err, "Export CSV downloads")
	if !strings.HasSuffix(dl.SuggestedFilename(), ".csv") {
		t.Errorf("CSV file name %q", dl.SuggestedFilename())
	}
	recs := readCSVDownload(t, dl)
	if len(recs) != 3 || recs[0][0] != "_id" || recs[0][6] != "targetName" {
		t.Fatalf("CSV export: %q", recs)
	}
	for _, r := range recs[1:] {
		if r[4] != "token.granted" || r[5] != id || r[6] != name {
			t.Errorf("CSV row %q does not match the filters or the name", r)
		}
	}

	dl, err = page.ExpectDownload(func() error { return byTestID(page, "export-json").Click() })
	must(t, err, "Export JSON downloads")
	path, err := dl.Path()
	must(t, err, "JSON download path")
	raw, err := os.ReadFile(path)
	must(t, err, "read the JSON download")
	var events []map[string]any
	must(t, json.Unmarshal(raw, &events), "the JSON export parses")
	if len(events) != 2 || events[0]["targetName"] != name {
		t.Errorf("JSON export: %d events", len(events))
	}
}

// Issue 5: an auditor sees every audit page, with no control that changes
// anything, and can export.
func TestAuditorReadsTheAuditTrail(t *testing.T) {
	id, name := auditedAccount(t)
	page := newPage(t)
	signIn(t, page, auditor)
	for _, path := range []string{"/admin/service-accounts/" + id, "/admin/tenant-settings/audit?account=" + id} {
		goTo(t, page, path)
		must(t, expect.Locator(byTestID(page, "audit-row").First()).ToBeVisible(), "events on %s", path)
		must(t, expect.Locator(page.Locator(`form[method="post"]:not([action="/admin/sign-out"])`)).ToHaveCount(0), "no change form on %s", path)
		for _, l := range []playwright.Locator{byTestID(page, "details-actions"), role(page, "link", textEdit), role(page, "link", textDelete), role(page, "link", textRegenerateKey)} {
			must(t, expect.Locator(l).ToHaveCount(0), "no change control on %s", path)
		}
	}
	hasText(t, byTestID(page, "audit-row").First().GetByTestId("event-target"), name, "the auditor sees the account")
	dl, err := page.ExpectDownload(func() error { return byTestID(page, "export-csv").Click() })
	must(t, err, "the auditor's export downloads")
	if recs := readCSVDownload(t, dl); len(recs) != 4 {
		t.Errorf("auditor's CSV export has %d lines, want header + 3", len(recs))
	}
}

func readCSVDownload(t *testing.T, dl playwright.Download) [][]string {
	t.Helper()
	path, err := dl.Path()
	must(t, err, "CSV download path")
	f, err := os.Open(path)
	must(t, err, "open the CSV download")
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	must(t, err, "the CSV export parses")
	return recs
}
