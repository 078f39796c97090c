package pages_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"github.com/pingclone/aic-console/views/model"
	"github.com/pingclone/aic-console/views/pages"
)

func render(t *testing.T, c templ.Component) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

var (
	admin   = model.User{Name: "admin", Role: "tenant-admin", CanChange: true}
	auditor = model.User{Name: "audra", Role: "tenant-auditor"}
)

func page(u model.User) model.Page {
	return model.Page{Title: "T", User: u, CSRF: "tok", TenantHost: "tenant.example"}
}

func testid(doc *goquery.Document, id string) *goquery.Selection {
	return doc.Find(`[data-testid="` + id + `"]`)
}

func TestHeaderHasTenantMenuWithTenantSettings(t *testing.T) {
	doc := render(t, pages.Dashboard(page(admin)))
	menu := testid(doc, "tenant-menu")
	if menu.Length() != 1 || !strings.Contains(menu.Find("summary").Text(), "TENANT") {
		t.Fatal("no TENANT menu in the header")
	}
	link := testid(doc, "tenant-settings-link")
	if link.Text() != "Tenant settings" || link.AttrOr("href", "") != "/admin/tenant-settings" {
		t.Fatalf("Tenant settings link wrong: %q %q", link.Text(), link.AttrOr("href", ""))
	}
	if v := testid(doc, "sign-out").Closest("form").Find(`input[name="csrf_token"]`).AttrOr("value", ""); v != "tok" {
		t.Fatalf("sign-out form lacks the CSRF token, got %q", v)
	}
}

func TestNavigationPages(t *testing.T) {
	doc := render(t, pages.TenantSettings(page(admin)))
	if testid(doc, "global-settings-link").Text() != "Global Settings" {
		t.Fatal("Tenant settings lacks Global Settings")
	}
	doc = render(t, pages.GlobalSettings(page(admin)))
	if !strings.Contains(testid(doc, "service-accounts-link").Text(), "Service Accounts") {
		t.Fatal("Global Settings lacks Service Accounts")
	}
}

func TestListShowsRowsAndMenusForAdmins(t *testing.T) {
	l := model.AccountList{Page: page(admin), PageNumber: 2, PrevURL: "/admin/service-accounts", NextURL: "/admin/service-accounts?page=3&after=x",
		Rows: []model.AccountRow{{ID: "id-1", Name: "<script>alert(1)</script>", Active: true}, {ID: "id-2", Name: "b", Active: false}}}
	doc := render(t, pages.ServiceAccounts(l))
	heads := doc.Find("thead th").Map(func(_ int, s *goquery.Selection) string { return strings.TrimSpace(s.Text()) })
	if strings.Join(heads[:3], ",") != "Name,ID,Status" {
		t.Fatalf("columns %v", heads)
	}
	rows := testid(doc, "account-row")
	if rows.Length() != 2 {
		t.Fatalf("%d rows", rows.Length())
	}
	if rows.First().Find(`[data-testid="account-name"]`).Text() != "<script>alert(1)</script>" || doc.Find("td script").Length() != 0 {
		t.Fatal("name not escaped")
	}
	if rows.Eq(1).Find(`[data-testid="account-status"]`).Text() != "Inactive" {
		t.Fatal("status label")
	}
	menu := rows.First().Find(`[data-testid="row-menu"]`)
	if menu.Find("summary").Length() != 1 {
		t.Fatal("row menu is not a details/summary")
	}
	for id, text := range map[string]string{"row-edit": "Edit", "row-regenerate-key": "Regenerate Key", "row-delete": "Delete"} {
		if menu.Find(`[data-testid="`+id+`"]`).Text() != text {
			t.Errorf("row menu lacks %s", text)
		}
	}
	if testid(doc, "new-service-account").Length() != 1 || !strings.Contains(testid(doc, "new-service-account").Text(), "New Service Account") {
		t.Fatal("no New Service Account button")
	}
	if testid(doc, "page-next").AttrOr("href", "") != "/admin/service-accounts?page=3&after=x" || testid(doc, "page-prev").Length() != 1 {
		t.Fatal("pager links")
	}
	if doc.Find(`label[for="search-input"]`).Text() != "Search" {
		t.Fatal("search box unlabelled")
	}
}

func TestListForAuditorHasNoChangeControls(t *testing.T) {
	l := model.AccountList{Page: page(auditor), PageNumber: 1, Rows: []model.AccountRow{{ID: "id-1", Name: "a", Active: true}}}
	doc := render(t, pages.ServiceAccounts(l))
	for _, id := range []string{"new-service-account", "row-menu", "row-edit", "row-regenerate-key", "row-delete"} {
		if testid(doc, id).Length() != 0 {
			t.Errorf("auditor sees %s", id)
		}
	}
}

func TestEmptyList(t *testing.T) {
	doc := render(t, pages.ServiceAccounts(model.AccountList{Page: page(admin), PageNumber: 1}))
	if strings.TrimSpace(testid(doc, "empty-state").Text()) != model.TextEmptyList {
		t.Fatalf("empty state %q", testid(doc, "empty-state").Text())
	}
}

func TestCreateFormShowsErrorsNextToFieldsWithValuesKept(t *testing.T) {
	f := model.AccountForm{Name: "kept", Description: "desc & more", Scopes: []string{"fr:idc:esv:read"},
		Errors: map[string]string{model.FieldName: "Name is required.", model.FieldScopes: "Select at least one scope."}}
	groups := []model.ScopeGroup{{Heading: "Scopes for AM and IDM APIs in Advanced Identity Cloud", Scopes: []model.ScopeOption{
		{Name: "fr:idc:esv:*", Purpose: "Access to ESV API endpoints", Children: []model.ScopeOption{{Name: "fr:idc:esv:read", Purpose: "Read-only", Checked: true}}},
	}}}
	doc := render(t, pages.CreateAccount(model.CreatePage{Page: page(admin), Form: f, Groups: groups}))
	if testid(doc, "field-name").AttrOr("value", "") != "kept" || testid(doc, "field-description").Text() != "desc & more" {
		t.Fatal("values not kept")
	}
	if testid(doc, "error-name").Text() != "Name is required." || testid(doc, "error-scopes").Text() != "Select at least one scope." {
		t.Fatal("errors not next to fields")
	}
	child := doc.Find(`.child-scopes [data-testid="scope-fr:idc:esv:read"]`)
	if child.Length() != 1 || child.AttrOr("checked", "no") == "no" {
		t.Fatal("child scope not under its parent, or not checked")
	}
	// Every input is labelled.
	doc.Find("input:not([type=hidden]), textarea").Each(func(_ int, s *goquery.Selection) {
		id := s.AttrOr("id", "")
		if id == "" || doc.Find(`label[for="`+id+`"]`).Length() == 0 {
			t.Errorf("input %s (%s) has no label", id, s.AttrOr("name", ""))
		}
	})
	if doc.Find(`form input[name="csrf_token"]`).AttrOr("value", "") != "tok" {
		t.Fatal("form lacks CSRF token")
	}
	if testid(doc, "save").Text() != "Save" || goquery.NodeName(testid(doc, "save")) != "button" {
		t.Fatal("Save is not a button")
	}
}

func TestKeyReadyPage(t *testing.T) {
	doc := render(t, pages.KeyReady(model.KeyPage{Page: page(admin), AccountID: "acct-1", KeyID: "k1"}))
	if strings.TrimSpace(testid(doc, "key-ready-title").Text()) != model.TextCreated {
		t.Fatal("title")
	}
	if testid(doc, "created-id").AttrOr("value", "") != "acct-1" || doc.Find(`label[for="field-account-id"]`).Text() != "ID" {
		t.Fatal("ID field")
	}
	if !strings.Contains(testid(doc, "download-warning").Text(), model.TextDownloadNow) {
		t.Fatal("warning")
	}
	if testid(doc, "download-key").Text() != "Download Key" || testid(doc, "download-form").AttrOr("action", "") != "/admin/keys/k1/download" {
		t.Fatal("Download Key")
	}
	if testid(doc, "done").Text() != "Done" {
		t.Fatal("Done")
	}
	doc = render(t, pages.KeyReady(model.KeyPage{Page: page(admin), AccountID: "acct-1", KeyID: "k1", Regenerated: true}))
	if strings.TrimSpace(testid(doc, "key-ready-title").Text()) != model.TextKeyCreated {
		t.Fatal("regenerated title")
	}
}

func TestConfirmPagesCarryTheSeedWarnings(t *testing.T) {
	m := model.ConfirmPage{Page: page(admin), ID: "a1", Name: "n", Rev: "7"}
	doc := render(t, pages.RegenerateKey(m))
	if !strings.Contains(testid(doc, "regenerate-warning").Text(), model.TextRegenerateWarn) || testid(doc, "confirm-regenerate").Text() != "Regenerate Key" {
		t.Fatal("regenerate dialog")
	}
	doc = render(t, pages.DeleteAccount(m))
	if !strings.Contains(testid(doc, "delete-warning").Text(), model.TextDeleteWarn) || testid(doc, "confirm-delete").Text() != "Delete Service Account" {
		t.Fatal("delete page")
	}
	if doc.Find(`input[name="_rev"]`).AttrOr("value", "") != "7" {
		t.Fatal("rev not carried")
	}
}

// TestRowMarkup pins the list rows' markup (written in Go, not templ) and
// its escaping of hostile values, in text and in attributes.
func TestRowMarkup(t *testing.T) {
	l := model.AccountList{Page: page(admin), PageNumber: 1,
		Rows: []model.AccountRow{{ID: `x"/><b>&`, Name: `<i>"a" & 'b'</i>`, Active: false}}}
	var buf bytes.Buffer
	if err := pages.ServiceAccounts(l).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	row := html[strings.Index(html, `<tr data-testid="account-row"`):]
	row = row[:strings.Index(row, "</tr>")+5]
	const want = `<tr data-testid="account-row" data-account-id="x&#34;/&gt;&lt;b&gt;&amp;">` +
		`<td data-testid="account-name"><a href="/admin/service-accounts/x%22%2F%3E%3Cb%3E&amp;" data-testid="account-details-link">&lt;i&gt;&#34;a&#34; &amp; &#39;b&#39;&lt;/i&gt;</a></td>` +
		`<td><code data-testid="account-id">x&#34;/&gt;&lt;b&gt;&amp;</code></td>` +
		`<td><span class="badge badge-muted" data-testid="account-status">Inactive</span></td>` +
		`<td class="actions"><details class="menu row-menu" data-testid="row-menu"><summary class="ellipsis" aria-label="Actions for &lt;i&gt;&#34;a&#34; &amp; &#39;b&#39;&lt;/i&gt;" data-testid="row-menu-toggle"><span aria-hidden="true">…</span></summary>` +
		`<ul class="menu-list menu-right"><li><a href="/admin/service-accounts/x%22%2F%3E%3Cb%3E&amp;/edit" data-testid="row-edit">Edit</a></li>` +
		`<li><a href="/admin/service-accounts/x%22%2F%3E%3Cb%3E&amp;/regenerate-key" data-testid="row-regenerate-key">Regenerate Key</a></li>` +
		`<li><a class="danger" href="/admin/service-accounts/x%22%2F%3E%3Cb%3E&amp;/delete" data-testid="row-delete">Delete</a></li></ul></details></td></tr>`
	if row != want {
		t.Fatalf("row markup\n got %s\nwant %s", row, want)
	}
	doc := render(t, pages.ServiceAccounts(l))
	r := testid(doc, "account-row")
	if r.AttrOr("data-account-id", "") != `x"/><b>&` || testid(doc, "account-name").Text() != `<i>"a" & 'b'</i>` ||
		testid(doc, "row-menu-toggle").AttrOr("aria-label", "") != `Actions for <i>"a" & 'b'</i>` || doc.Find("tbody b, tbody i").Length() != 0 {
		t.Fatal("hostile values reached the page as markup")
	}
	auditorRow := model.AccountList{Page: page(auditor), PageNumber: 1, Rows: l.Rows}
	if doc := render(t, pages.ServiceAccounts(auditorRow)); testid(doc, "account-row").Find("td").Length() != 3 {
		t.Fatal("auditor rows have an actions cell")
	}
}
