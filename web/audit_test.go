package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/pingclone/aic-console/keys"
	"github.com/pingclone/aic-console/tenant"
	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/store"
	"github.com/pingclone/aic-console/tenantapi"
)

// auditEnv is the console with its embedded tenant, an administrator and an
// auditor, and one service account with its private key.
type auditEnv struct {
	t                *testing.T
	app              *app
	h                http.Handler
	tn               *tenant.Tenant
	adminTok, audTok string
	accountID        string
	key              tenantapi.ServiceAccountKey
}

func newAuditEnv(t *testing.T) *auditEnv {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	tn, err := tenant.New(ctx, tenant.Config{DataDir: dir, BaseURL: testBase, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tn.Close() })
	a, err := newApp(Config{Tenant: tn.Handler(), BaseURL: testBase, DataDir: dir, KeyPool: testPool(), Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	e := &auditEnv{t: t, app: a, h: a.echo(tn.Handler()), tn: tn}
	mint := func(user, role string) string {
		if err := tn.Store().AddAdmin(ctx, store.Admin{Username: user, Role: role, PasswordHash: "x"}); err != nil {
			t.Fatal(err)
		}
		tok, _, err := tn.Signer().Mint(auth.KindAdmin, user, role, "openid fr:idm:*", time.Hour, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	e.adminTok, e.audTok = mint("alice", store.RoleTenantAdmin), mint("sam", store.RoleTenantAuditor)
	k, err := testPool().Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	jwks, err := keys.PublicJWKS(k)
	if err != nil {
		t.Fatal(err)
	}
	desc := "deploys, \"prod\""
	acct, err := a.api.CreateServiceAccount(ctx, e.adminTok, tenantapi.NewServiceAccount{
		Name: "ci, \"prod\"", Description: &desc, AccountStatus: "active", Scopes: []string{"fr:am:*", "fr:idm:*", "fr:idc:esv:*"}, JWKS: jwks})
	if err != nil {
		t.Fatal(err)
	}
	e.accountID, e.key = acct.ID, tenantapi.ServiceAccountKey{Key: k}
	return e
}

// grant obtains a token for the account through the tenant's token endpoint.
func (e *auditEnv) grant(scope string) {
	e.t.Helper()
	hc := &http.Client{Transport: tenantapi.InProcess(e.tn.Handler())}
	if _, _, err := tenantapi.RequestServiceAccountToken(context.Background(), hc, testBase, e.accountID, e.key, scope); err != nil {
		e.t.Fatalf("grant %q: %v", scope, err)
	}
}

func (e *auditEnv) browser(token, user, role string) *browser {
	b := newBrowser(e.t, e.app, e.h)
	b.signInAs(token, user, role)
	return b
}

// noChangeControls fails when a page offers an auditor anything that changes
// state: a POST form other than sign-out, or links to change routes.
func noChangeControls(t *testing.T, doc *goquery.Document, page string) {
	t.Helper()
	doc.Find("form").Each(func(_ int, f *goquery.Selection) {
		if strings.EqualFold(f.AttrOr("method", "get"), "post") && f.AttrOr("action", "") != "/admin/sign-out" {
			t.Errorf("%s: auditor sees a POST form to %s", page, f.AttrOr("action", ""))
		}
	})
	doc.Find("a").Each(func(_ int, a *goquery.Selection) {
		href := a.AttrOr("href", "")
		for _, tail := range []string{"/edit", "/regenerate-key", "/delete", "/service-accounts/new"} {
			if strings.HasSuffix(href, tail) {
				t.Errorf("%s: auditor sees a link to %s", page, href)
			}
		}
	})
}

func TestAccountDetailsPageShowsActivityAndEvents(t *testing.T) {
	e := newAuditEnv(t)
	e.grant("fr:am:*")
	e.grant("fr:am:*")

	for _, who := range []struct {
		tok, user, role string
	}{{e.adminTok, "alice", "tenant-admin"}, {e.audTok, "sam", "tenant-auditor"}} {
		b := e.browser(who.tok, who.user, who.role)
		// The list links each account to its details page.
		_, list := b.get("/admin/service-accounts")
		link := testid(list, "account-details-link").AttrOr("href", "")
		if link != "/admin/service-accounts/"+e.accountID {
			t.Fatalf("%s: details link %q", who.role, link)
		}
		resp, doc := b.get(link)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: details %d", who.role, resp.StatusCode)
		}
		if testid(doc, "details-name").Text() != `ci, "prod"` || testid(doc, "details-id").Text() != e.accountID {
			t.Fatalf("%s: header %q", who.role, testid(doc, "details-name").Text())
		}
		if got := testid(doc, "activity-grants-24h").Text(); got != "2" {
			t.Errorf("%s: grants in 24h = %q", who.role, got)
		}
		if !strings.Contains(testid(doc, "activity-created").Text(), "by alice") {
			t.Errorf("%s: created %q", who.role, testid(doc, "activity-created").Text())
		}
		if testid(doc, "activity-key-thumbprint").Length() != 1 || testid(doc, "activity-key-last-used").Text() == "" {
			t.Errorf("%s: key facts missing", who.role)
		}
		am := doc.Find(`[data-testid="activity-scopes"] [data-scope="fr:am:*"]`)
		idm := doc.Find(`[data-testid="activity-scopes"] [data-scope="fr:idm:*"]`)
		if am.AttrOr("data-requested", "") != "true" || am.Find(`[data-testid="scope-requests"]`).Text() != "2" ||
			idm.AttrOr("data-requested", "") != "false" {
			t.Errorf("%s: scope use am=%q idm=%q", who.role, am.Text(), idm.Text())
		}
		var actions []string
		testid(doc, "audit-row").Each(func(_ int, s *goquery.Selection) { actions = append(actions, s.AttrOr("data-action", "")) })
		if strings.Join(actions, ",") != "token.granted,token.granted,svcacct.create" {
			t.Errorf("%s: events %v", who.role, actions)
		}
		if who.role == "tenant-admin" && testid(doc, "details-actions").Length() != 1 {
			t.Errorf("admin lacks the actions")
		}
		if who.role == "tenant-auditor" {
			noChangeControls(t, doc, "details")
			if testid(doc, "details-actions").Length() != 0 {
				t.Error("auditor sees change actions")
			}
		}
	}
	b := e.browser(e.adminTok, "alice", "tenant-admin")
	if resp, doc := b.get("/admin/service-accounts/no-such-account"); resp.StatusCode != 404 || testid(doc, "error-heading").Text() != "Service account not found" {
		t.Fatalf("unknown account: %d", resp.StatusCode)
	}
}

// The impact preview's numbers after a scripted series of token grants.
func TestImpactPreviewOnEditRegenerateAndDelete(t *testing.T) {
	e := newAuditEnv(t)
	e.grant("fr:am:*")
	e.grant("fr:am:*")
	e.grant("fr:am:*")
	b := e.browser(e.adminTok, "alice", "tenant-admin")

	_, edit := b.get("/admin/service-accounts/" + e.accountID + "/edit")
	// The Edit page shows, before anything is unchecked, which scopes are used.
	if u := edit.Find(`[data-testid="scope-usage-table"] [data-scope="fr:am:*"]`); u.AttrOr("data-requested", "") != "true" ||
		u.Find(`[data-testid="scope-requests"]`).Text() != "3" {
		t.Errorf("edit page usage of fr:am:*: %q", u.Text())
	}
	if u := edit.Find(`[data-testid="scope-usage-table"] [data-scope="fr:idm:*"]`); u.AttrOr("data-requested", "") != "false" {
		t.Errorf("edit page usage of fr:idm:*: %q", u.Text())
	}
	form := url.Values{
		"csrf_token": {csrfFrom(t, edit)}, "name": {`ci, "prod"`}, "description": {"x"}, "accountStatus": {"active"},
		"_rev":         {testid(edit, "field-rev").AttrOr("value", "")},
		"loadedScopes": {"fr:am:*", "fr:idm:*", "fr:idc:esv:*"}, "scopes": {"fr:idc:esv:*"},
	}
	resp, doc := b.post("/admin/service-accounts/"+e.accountID+"/edit", form) // removes two scopes
	if resp.StatusCode != 200 || testid(doc, "confirm-scope-removal").Length() != 1 {
		t.Fatalf("no removal confirmation: %d", resp.StatusCode)
	}
	am := doc.Find(`[data-testid="impact-scopes"] [data-scope="fr:am:*"]`)
	idm := doc.Find(`[data-testid="impact-scopes"] [data-scope="fr:idm:*"]`)
	if am.Find(`[data-testid="scope-requests"]`).Text() != "3" || !strings.Contains(am.Find(`[data-testid="scope-last-requested"]`).Text(), "UTC") {
		t.Errorf("fr:am:* impact %q", am.Text())
	}
	if idm.Find(`[data-testid="scope-requests"]`).Text() != "0" || idm.Find(`[data-testid="scope-last-requested"]`).Text() != "Not requested in the last 30 days" {
		t.Errorf("fr:idm:* impact %q", idm.Text())
	}

	for _, page := range []string{"/regenerate-key", "/delete"} {
		_, doc := b.get("/admin/service-accounts/" + e.accountID + page)
		if !strings.Contains(testid(doc, "impact-last-used").Text(), "last used to obtain an access token on") ||
			testid(doc, "impact-grants-24h").Text() != "3" || testid(doc, "impact-grants-30d").Text() != "3" {
			t.Errorf("%s impact: %q", page, testid(doc, "impact-preview").Text())
		}
	}
	// A key never used says so on the Regenerate Key dialog.
	e2 := newAuditEnv(t)
	b2 := e2.browser(e2.adminTok, "alice", "tenant-admin")
	_, doc = b2.get("/admin/service-accounts/" + e2.accountID + "/regenerate-key")
	if !strings.Contains(testid(doc, "impact-last-used").Text(), "has not been used") {
		t.Errorf("unused key: %q", testid(doc, "impact-last-used").Text())
	}
}

func TestAuditPageFiltersPagingAndExport(t *testing.T) {
	e := newAuditEnv(t)
	e.grant("fr:idm:*")
	// 55 refused token requests: more than one page.
	hc := &http.Client{Transport: tenantapi.InProcess(e.tn.Handler())}
	for i := 0; i < 55; i++ {
		resp, err := hc.PostForm(testBase+"/am/oauth2/access_token", url.Values{"grant_type": {"password"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	for _, who := range []struct{ tok, user, role string }{{e.adminTok, "alice", "tenant-admin"}, {e.audTok, "sam", "tenant-auditor"}} {
		b := e.browser(who.tok, who.user, who.role)
		_, settings := b.get("/admin/tenant-settings")
		if testid(settings, "audit-link").AttrOr("href", "") != "/admin/tenant-settings/audit" {
			t.Fatal("no Audit link under Tenant settings")
		}
		resp, doc := b.get("/admin/tenant-settings/audit")
		if resp.StatusCode != 200 || testid(doc, "audit-row").Length() != 50 || testid(doc, "audit-older").Length() != 1 {
			t.Fatalf("%s: first page %d rows %d", who.role, resp.StatusCode, testid(doc, "audit-row").Length())
		}
		_, older := b.get(testid(doc, "audit-older").AttrOr("href", ""))
		if n := testid(older, "audit-row").Length(); n != 7 || testid(older, "audit-newest").Length() != 1 || testid(older, "audit-older").Length() != 0 {
			t.Fatalf("%s: second page has %d rows", who.role, n)
		}
		_, filtered := b.get("/admin/tenant-settings/audit?action=token.granted")
		if n := testid(filtered, "audit-row").Length(); n != 1 || testid(filtered, "audit-row").AttrOr("data-action", "") != "token.granted" {
			t.Fatalf("%s: filtered rows %d", who.role, n)
		}
		if !strings.Contains(testid(filtered, "export-csv").AttrOr("href", ""), "action=token.granted") {
			t.Errorf("export link ignores the filters: %s", testid(filtered, "export-csv").AttrOr("href", ""))
		}
		resp, bad := b.get("/admin/tenant-settings/audit?from=yesterday")
		if resp.StatusCode != http.StatusUnprocessableEntity || testid(bad, "error-from").Text() == "" {
			t.Errorf("%s: bad date: %d", who.role, resp.StatusCode)
		}
		if who.role == "tenant-auditor" {
			noChangeControls(t, doc, "audit")
		}

		// CSV export, filtered, streamed through the console.
		resp, body := b.do("GET", testid(filtered, "export-csv").AttrOr("href", ""), nil, nil)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment; filename=audit-events-") {
			t.Fatalf("%s: csv export %d %v", who.role, resp.StatusCode, resp.Header)
		}
		recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil || len(recs) != 2 || recs[0][0] != "_id" || recs[1][4] != "token.granted" || recs[1][6] != `ci, "prod"` {
			t.Fatalf("%s: csv %v %q", who.role, err, recs)
		}
		// JSON export of everything.
		resp, body = b.do("GET", "/admin/tenant-settings/audit/export?format=json", nil, nil)
		var events []map[string]any
		if err := json.Unmarshal([]byte(body), &events); err != nil || resp.StatusCode != 200 || len(events) != 57 {
			t.Fatalf("%s: json export %d events, %v", who.role, len(events), err)
		}
		if resp, _ := b.do("GET", "/admin/tenant-settings/audit/export?format=xml", nil, nil); resp.StatusCode != 400 {
			t.Errorf("%s: xml export: %d", who.role, resp.StatusCode)
		}
	}
}

// A change made in the console is recorded with the browser's address, which
// the console forwards to the embedded tenant.
func TestConsoleChangesRecordTheBrowserAddress(t *testing.T) {
	e := newAuditEnv(t)
	b := e.browser(e.adminTok, "alice", "tenant-admin")
	_, edit := b.get("/admin/service-accounts/" + e.accountID + "/edit")
	form := url.Values{
		"csrf_token": {csrfFrom(t, edit)}, "name": {"renamed"}, "description": {"x"}, "accountStatus": {"active"},
		"_rev":         {testid(edit, "field-rev").AttrOr("value", "")},
		"loadedScopes": {"fr:am:*", "fr:idm:*", "fr:idc:esv:*"}, "scopes": {"fr:am:*", "fr:idm:*", "fr:idc:esv:*"},
	}
	if resp, _ := b.post("/admin/service-accounts/"+e.accountID+"/edit", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", resp.StatusCode)
	}
	page, err := e.app.api.AuditEvents(context.Background(), e.adminTok, tenantapi.AuditQuery{Account: e.accountID, Actions: []string{"svcacct.update"}})
	if err != nil || len(page.Result) != 1 {
		t.Fatalf("events %+v, %v", page.Result, err)
	}
	ev := page.Result[0]
	if ev.Actor != "alice" || ev.ClientAddress != "192.0.2.1" || ev.Changes["name"].After != "renamed" {
		t.Fatalf("event %+v", ev)
	}
}
