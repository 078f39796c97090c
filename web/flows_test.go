package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/go-jose/go-jose/v4"

	"github.com/pingclone/aic-console/keys"
	"github.com/pingclone/aic-console/tenant/store"
	"github.com/pingclone/aic-console/tenantapi"
	"github.com/pingclone/aic-console/views/model"
)

const (
	adminName   = "alice"
	auditorName = "audra"
)

func newSignedIn(t *testing.T) (*harness, *browser) {
	t.Helper()
	hs := newHarness(t, Config{PageSize: 10})
	hs.addAdmin(adminName, store.RoleTenantAdmin)
	return hs, hs.signIn(adminName)
}

// seedAccount creates an account through the tenant API.
func (hs *harness) seedAccount(token, name string, scopes ...string) tenantapi.ServiceAccount {
	hs.t.Helper()
	jwks, _ := keys.PublicJWKS(seedKey(hs.t))
	a, err := hs.api.CreateServiceAccount(context.Background(), token, tenantapi.NewServiceAccount{
		Name: name, AccountStatus: "active", Scopes: scopes, JWKS: jwks})
	if err != nil {
		hs.t.Fatal(err)
	}
	return a
}

var (
	seedKeyOnce sync.Once
	seedKeyVal  *rsa.PrivateKey
)

// seedKey is one key for every account arranged through the API (the console
// makes its own keys in the flows under test).
func seedKey(t testing.TB) *rsa.PrivateKey {
	seedKeyOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		seedKeyVal = k
	})
	return seedKeyVal
}

func location(t *testing.T, resp *http.Response, wantStatus int) string {
	t.Helper()
	if resp.StatusCode != wantStatus {
		t.Fatalf("status %d, want %d", resp.StatusCode, wantStatus)
	}
	return resp.Header.Get("Location")
}

func TestSignInThroughTenantAndBackToThePageAsked(t *testing.T) {
	hs := newHarness(t, Config{})
	hs.addAdmin(adminName, store.RoleTenantAdmin)
	b := newBrowser(t, hs.a, hs.h)
	b.signInThroughTenant(adminName, "/admin/service-accounts")
	resp, doc := b.get("/admin/service-accounts")
	if resp.StatusCode != 200 || testid(doc, "user-name").Text() != adminName || testid(doc, "user-role").Text() != "Tenant administrator" {
		t.Fatalf("after sign-in: %d %q", resp.StatusCode, testid(doc, "user-name").Text())
	}
	if strings.TrimSpace(testid(doc, "empty-state").Text()) != model.TextEmptyList {
		t.Fatalf("empty state: %q", testid(doc, "empty-state").Text())
	}
	// The code cannot be replayed: the callback's state is spent.
	resp, _ = b.do(http.MethodGet, "/admin/oauth/callback?code=x&state=y", nil, nil)
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("replayed callback: %d", resp.StatusCode)
	}
}

func TestCreateFlowAndKeyDownloadedExactlyOnce(t *testing.T) {
	hs, b := newSignedIn(t)
	_, doc := b.get("/admin/service-accounts")
	if testid(doc, "new-service-account").AttrOr("href", "") != "/admin/service-accounts/new" {
		t.Fatal("no New Service Account button")
	}
	_, doc = b.get("/admin/service-accounts/new")
	headings := doc.Find(".scope-group > legend").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	want := []string{"Scopes for AM and IDM APIs in Advanced Identity Cloud", "Scopes for Advanced Identity Cloud environment APIs",
		"Scopes for Advanced Identity Cloud APIs under development", "Scopes for add-on capability APIs"}
	if strings.Join(headings, "|") != strings.Join(want, "|") {
		t.Fatalf("scope groups %q", headings)
	}
	if testid(doc, "scope-fr:idc:federation:*").Length() != 0 {
		t.Fatal("restricted scope offered")
	}
	if doc.Find(`.child-scopes [data-testid="scope-fr:idc:esv:read"]`).Length() != 1 {
		t.Fatal("child scope not under its parent")
	}
	if !strings.Contains(doc.Find(`[data-testid="scope-fr:am:*"]`).Parent().Find(".purpose").Text(), "Access to /am/* API endpoints") {
		t.Fatal("scope purpose missing")
	}

	resp, _ := b.submit("/admin/service-accounts/new", "/admin/service-accounts/new", url.Values{
		"name": {"ci-pipeline"}, "description": {"builds"}, "scopes": {"fr:idm:*", "fr:idc:esv:read"}})
	keyPage := location(t, resp, http.StatusSeeOther)
	resp, doc = b.get(keyPage)
	if resp.StatusCode != 200 || strings.TrimSpace(testid(doc, "key-ready-title").Text()) != model.TextCreated {
		t.Fatalf("key page: %d %q", resp.StatusCode, testid(doc, "key-ready-title").Text())
	}
	if !strings.Contains(testid(doc, "download-warning").Text(), model.TextDownloadNow) {
		t.Fatal("download warning missing")
	}
	id := testid(doc, "created-id").AttrOr("value", "")
	admin := hs.token(adminName)
	acct, err := hs.api.GetServiceAccount(context.Background(), admin, id)
	if err != nil {
		t.Fatalf("created account %q not in the tenant: %v", id, err)
	}
	if acct.Name != "ci-pipeline" || *acct.Description != "builds" || strings.Join(acct.Scopes, " ") != "fr:idm:* fr:idc:esv:read" || !acct.Active() {
		t.Fatalf("stored %+v", acct)
	}

	action := testid(doc, "download-form").AttrOr("action", "")
	csrf := csrfFrom(t, doc)
	dl := func() (*http.Response, string) {
		return b.do(http.MethodPost, action, strings.NewReader("csrf_token="+url.QueryEscape(csrf)),
			http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	}
	resp, body := dl()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") ||
		resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("download: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Disposition"), resp.Header.Get("Cache-Control"))
	}
	var members map[string]any
	if err := json.Unmarshal([]byte(body), &members); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"kty", "n", "e", "d", "p", "q", "dp", "dq", "qi"} {
		if members[m] == nil {
			t.Errorf("key file lacks %s", m)
		}
	}
	var jwk jose.JSONWebKey
	if err := jwk.UnmarshalJSON([]byte(body)); err != nil {
		t.Fatal(err)
	}
	priv := jwk.Key.(*rsa.PrivateKey)
	var set jose.JSONWebKeySet
	if err := json.Unmarshal([]byte(acct.JWKS), &set); err != nil || len(set.Keys) != 1 {
		t.Fatalf("stored jwks %q", acct.JWKS)
	}
	if !set.Keys[0].Key.(*rsa.PublicKey).Equal(&priv.PublicKey) {
		t.Fatal("downloaded private key does not match the public key the tenant stores")
	}
	if priv.N.BitLen() < 2048 {
		t.Fatal("key too small")
	}

	// Second click, reload of the page, another browser: no key.
	resp, body = dl()
	if resp.StatusCode != http.StatusGone || !strings.Contains(body, model.TextKeyGone) || strings.Contains(body, `"d"`) {
		t.Fatalf("second download: %d", resp.StatusCode)
	}
	resp, doc = b.get(keyPage)
	if resp.StatusCode != http.StatusGone || testid(doc, "key-gone").Length() != 1 || !strings.Contains(doc.Text(), "Regenerate Key") {
		t.Fatalf("key page after download: %d", resp.StatusCode)
	}
	if testid(doc, "key-gone-regenerate").AttrOr("href", "") != "/admin/service-accounts/"+id+"/regenerate-key" {
		t.Fatal("no way to regenerate the key from the no-longer-available page")
	}

	// No private member of the key ever reaches the tenant's database files.
	d := base64.RawURLEncoding.EncodeToString(priv.D.Bytes())
	p := base64.RawURLEncoding.EncodeToString(priv.Primes[0].Bytes())
	assertNotInDataFolder(t, hs.dir, d[:64], p[:64])
}

func TestKeyIsBoundToTheSessionThatMadeIt(t *testing.T) {
	hs, b := newSignedIn(t)
	resp, _ := b.submit("/admin/service-accounts/new", "/admin/service-accounts/new", url.Values{"name": {"x"}, "scopes": {"fr:am:*"}})
	keyPage := location(t, resp, http.StatusSeeOther)
	other := hs.signIn(adminName) // same administrator, another browser
	resp, doc := other.get(keyPage)
	if resp.StatusCode != http.StatusGone {
		t.Fatalf("other browser sees the key page: %d", resp.StatusCode)
	}
	resp, _ = other.do(http.MethodPost, keyPage+"/download", strings.NewReader("csrf_token="+url.QueryEscape(csrfFrom(t, doc))),
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	if resp.StatusCode != http.StatusGone {
		t.Fatalf("other browser downloaded the key: %d", resp.StatusCode)
	}
	resp, _ = b.get(keyPage)
	if resp.StatusCode != http.StatusOK {
		t.Fatal("the owner lost the key to another browser's attempt")
	}
}

func TestDoneClosesTheKeyDialogAndDropsAnUndownloadedKey(t *testing.T) {
	hs, b := newSignedIn(t)
	resp, _ := b.submit("/admin/service-accounts/new", "/admin/service-accounts/new", url.Values{"name": {"x"}, "scopes": {"fr:am:*"}})
	keyPage := location(t, resp, http.StatusSeeOther)
	_, doc := b.get(keyPage)
	done := testid(doc, "done-form")
	if done.AttrOr("method", "") != "post" || done.AttrOr("action", "") != keyPage+"/done" {
		t.Fatalf("Done form: method %q action %q", done.AttrOr("method", ""), done.AttrOr("action", ""))
	}
	csrf := csrfFrom(t, doc)
	post := func(br *browser, path, token string) *http.Response {
		resp, _ := br.do(http.MethodPost, path, strings.NewReader("csrf_token="+url.QueryEscape(token)),
			http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
		return resp
	}

	// Another browser of the same administrator cannot drop it.
	other := hs.signIn(adminName)
	_, otherDoc := other.get("/admin/service-accounts")
	if resp := post(other, keyPage+"/done", csrfFrom(t, otherDoc)); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("Done from another browser: %d", resp.StatusCode)
	}
	if resp, _ := b.get(keyPage); resp.StatusCode != http.StatusOK {
		t.Fatal("another browser's Done dropped the key")
	}

	// Without the form token nothing happens.
	if resp := post(b, keyPage+"/done", "wrong"); resp.StatusCode == http.StatusSeeOther {
		t.Fatal("Done accepted without a valid form token")
	}
	if resp, _ := b.get(keyPage); resp.StatusCode != http.StatusOK {
		t.Fatal("a refused Done dropped the key")
	}

	resp = post(b, keyPage+"/done", csrf)
	if got := location(t, resp, http.StatusSeeOther); got != "/admin/service-accounts" {
		t.Fatalf("Done goes to %q", got)
	}
	if hs.a.console.OneTime.Len() != 0 {
		t.Fatal("the undownloaded key is still in memory after Done")
	}
	if resp := post(b, keyPage+"/download", csrf); resp.StatusCode != http.StatusGone {
		t.Fatalf("download after Done: %d", resp.StatusCode)
	}
}

func assertNotInDataFolder(t *testing.T, dir string, secrets ...string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	scanned := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if strings.HasPrefix(filepath.Base(f), store.FileName) {
			scanned++
		}
		for _, s := range secrets {
			if bytes.Contains(raw, []byte(s)) {
				t.Fatalf("private key material found in %s", f)
			}
		}
	}
	if scanned == 0 {
		t.Fatal("no database file scanned")
	}
}

func TestCreateRefusesBadInputWithErrorsNextToFields(t *testing.T) {
	hs, b := newSignedIn(t)
	long := strings.Repeat("n", 256)
	cases := []struct {
		name  string
		form  url.Values
		field string
	}{
		{"empty name", url.Values{"name": {"  "}, "description": {"kept"}, "scopes": {"fr:am:*"}}, "error-name"},
		{"overlong name", url.Values{"name": {long}, "description": {"kept"}, "scopes": {"fr:am:*"}}, "error-name"},
		{"overlong description", url.Values{"name": {"ok"}, "description": {strings.Repeat("d", 1001)}, "scopes": {"fr:am:*"}}, "error-description"},
		{"no scope", url.Values{"name": {"ok"}, "description": {"kept"}}, "error-scopes"},
		{"unknown scope", url.Values{"name": {"ok"}, "description": {"kept"}, "scopes": {"fr:am:*", "fr:nope:*"}}, "error-scopes"},
		{"restricted scope posted by hand", url.Values{"name": {"ok"}, "description": {"kept"}, "scopes": {"fr:idc:federation:*"}}, "error-scopes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := b.submit("/admin/service-accounts/new", "/admin/service-accounts/new", c.form)
			doc := parse(t, body)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if testid(doc, c.field).Text() == "" {
				t.Fatalf("no error next to %s; page: %s", c.field, testid(doc, "form-errors").Text())
			}
			if c.form.Get("description") == "kept" && testid(doc, "field-description").Text() != "kept" {
				t.Fatal("description not kept")
			}
			if n := strings.TrimSpace(c.form.Get("name")); n != "" && testid(doc, "field-name").AttrOr("value", "") != n {
				t.Fatal("name not kept")
			}
			if c.form.Has("scopes") && c.form["scopes"][0] == "fr:am:*" && testid(doc, "scope-fr:am:*").AttrOr("checked", "no") == "no" {
				t.Fatal("checked scope not kept")
			}
		})
	}
	page, err := hs.api.QueryServiceAccounts(context.Background(), hs.token(adminName), tenantapi.Query{})
	if err != nil || len(page.Result) != 0 {
		t.Fatalf("bad input created accounts: %v %d", err, len(page.Result))
	}
}

func TestEditFlowWithScopeRemovalConfirmation(t *testing.T) {
	hs, b := newSignedIn(t)
	tok := hs.token(adminName)
	acct := hs.seedAccount(tok, "editable", "fr:am:*", "fr:idm:*")
	editURL := "/admin/service-accounts/" + acct.ID + "/edit"

	_, doc := b.get(editURL)
	if testid(doc, "field-name").AttrOr("value", "") != "editable" || testid(doc, "field-rev").AttrOr("value", "") != acct.Rev ||
		testid(doc, "scope-fr:am:*").AttrOr("checked", "no") == "no" || testid(doc, "status-active").AttrOr("checked", "no") == "no" {
		t.Fatal("edit form does not show current values")
	}
	// Adding a scope and changing the rest saves at once.
	resp, _ := b.submit(editURL, editURL, url.Values{"name": {"renamed"}, "description": {"now described"}, "accountStatus": {"inactive"},
		"scopes": {"fr:am:*", "fr:idm:*", "fr:iga:*"}, "_rev": {acct.Rev}, "loadedScopes": {"fr:am:*", "fr:idm:*"}})
	if loc := location(t, resp, http.StatusSeeOther); loc != "/admin/service-accounts" {
		t.Fatalf("redirect %s", loc)
	}
	_, doc = b.get("/admin/service-accounts")
	if testid(doc, "flash-success").Text() != model.TextUpdated {
		t.Fatalf("flash %q", testid(doc, "flash-success").Text())
	}
	got, _ := hs.api.GetServiceAccount(context.Background(), tok, acct.ID)
	if got.Name != "renamed" || got.Description == nil || *got.Description != "now described" || got.Active() || len(got.Scopes) != 3 {
		t.Fatalf("stored %+v", got)
	}

	// Removing a scope asks first, listing what goes.
	form := url.Values{"name": {"renamed"}, "description": {"now described"}, "accountStatus": {"inactive"},
		"scopes": {"fr:am:*"}, "_rev": {got.Rev}, "loadedScopes": got.Scopes}
	resp, body := b.submit(editURL, editURL, form)
	doc = parse(t, body)
	if resp.StatusCode != 200 || !strings.Contains(testid(doc, "scope-removal-warning").Text(), model.TextScopeRemovalWarn) {
		t.Fatalf("no removal warning: %d", resp.StatusCode)
	}
	removed := testid(doc, "removed-scope").Map(func(_ int, s *goquery.Selection) string { return s.Find("code").Text() })
	if strings.Join(removed, ",") != "fr:idm:*,fr:iga:*" {
		t.Fatalf("removed list %v", removed)
	}
	if still, _ := hs.api.GetServiceAccount(context.Background(), tok, acct.ID); len(still.Scopes) != 3 {
		t.Fatal("scopes removed before confirmation")
	}
	// Back to Edit keeps the entered values.
	back := url.Values{}
	for k, v := range form {
		back[k] = v
	}
	back.Set("action", "back")
	back.Set("csrf_token", csrfFrom(t, doc))
	resp, body = b.do(http.MethodPost, editURL, strings.NewReader(back.Encode()), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	doc = parse(t, body)
	if resp.StatusCode != 200 || testid(doc, "scope-fr:idm:*").AttrOr("checked", "no") != "no" || testid(doc, "status-inactive").AttrOr("checked", "no") == "no" {
		t.Fatal("Back to Edit lost the entered values")
	}
	form.Set("confirmRemoval", "yes")
	resp, _ = b.submit(editURL, editURL, form)
	location(t, resp, http.StatusSeeOther)
	got, _ = hs.api.GetServiceAccount(context.Background(), tok, acct.ID)
	if strings.Join(got.Scopes, ",") != "fr:am:*" {
		t.Fatalf("scopes after confirmed removal %v", got.Scopes)
	}
}

func TestEditWithStaleRevisionOverwritesNothing(t *testing.T) {
	hs, b := newSignedIn(t)
	tok := hs.token(adminName)
	acct := hs.seedAccount(tok, "shared", "fr:am:*")
	editURL := "/admin/service-accounts/" + acct.ID + "/edit"
	// Someone else renames it after this browser loaded the form.
	other, err := hs.api.PatchServiceAccount(context.Background(), tok, acct.ID, "", []tenantapi.PatchOperation{tenantapi.Replace("name", "theirs")})
	if err != nil {
		t.Fatal(err)
	}
	resp, body := b.submit(editURL, editURL, url.Values{"name": {"mine"}, "accountStatus": {"active"}, "scopes": {"fr:am:*"},
		"_rev": {acct.Rev}, "loadedScopes": {"fr:am:*"}})
	doc := parse(t, body)
	if resp.StatusCode != http.StatusConflict || testid(doc, "stale-warning").Text() != model.TextStale {
		t.Fatalf("stale edit: %d", resp.StatusCode)
	}
	if testid(doc, "field-name").AttrOr("value", "") != "theirs" || testid(doc, "field-rev").AttrOr("value", "") != other.Rev {
		t.Fatal("stale page does not show the current values and revision")
	}
	got, _ := hs.api.GetServiceAccount(context.Background(), tok, acct.ID)
	if got.Name != "theirs" {
		t.Fatal("stale edit overwrote the other change")
	}
	for name, form := range map[string]url.Values{
		"empty name":    {"name": {""}, "accountStatus": {"active"}, "scopes": {"fr:am:*"}, "_rev": {other.Rev}},
		"missing _rev":  {"name": {"x"}, "accountStatus": {"active"}, "scopes": {"fr:am:*"}},
		"bad status":    {"name": {"x"}, "accountStatus": {"sleeping"}, "scopes": {"fr:am:*"}, "_rev": {other.Rev}},
		"unknown scope": {"name": {"x"}, "accountStatus": {"active"}, "scopes": {"fr:zzz"}, "_rev": {other.Rev}},
	} {
		resp, _ := b.submit(editURL, editURL, form)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d", name, resp.StatusCode)
		}
	}
}

func TestRegenerateKeyFlow(t *testing.T) {
	hs, b := newSignedIn(t)
	tok := hs.token(adminName)
	acct := hs.seedAccount(tok, "rotating", "fr:am:*")
	page := "/admin/service-accounts/" + acct.ID + "/regenerate-key"
	_, doc := b.get(page)
	if !strings.Contains(testid(doc, "regenerate-warning").Text(), model.TextRegenerateWarn) || testid(doc, "confirm-regenerate").Text() != model.TextRegenerateKey {
		t.Fatal("Regenerate Key dialog")
	}
	resp, _ := b.submit(page, page, url.Values{"_rev": {acct.Rev}})
	keyPage := location(t, resp, http.StatusSeeOther)
	_, doc = b.get(keyPage)
	if strings.TrimSpace(testid(doc, "key-ready-title").Text()) != model.TextKeyCreated || testid(doc, "download-key").Length() != 1 || testid(doc, "done").Text() != "Done" {
		t.Fatal("key page after regenerate")
	}
	resp, body := b.do(http.MethodPost, testid(doc, "download-form").AttrOr("action", ""),
		strings.NewReader("csrf_token="+url.QueryEscape(csrfFrom(t, doc))), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	if resp.StatusCode != 200 {
		t.Fatalf("download %d", resp.StatusCode)
	}
	var jwk jose.JSONWebKey
	if err := jwk.UnmarshalJSON([]byte(body)); err != nil {
		t.Fatal(err)
	}
	got, _ := hs.api.GetServiceAccount(context.Background(), tok, acct.ID)
	if got.JWKS == acct.JWKS {
		t.Fatal("key set unchanged")
	}
	var set jose.JSONWebKeySet
	_ = json.Unmarshal([]byte(got.JWKS), &set)
	if len(set.Keys) != 1 || !set.Keys[0].Key.(*rsa.PublicKey).Equal(&jwk.Key.(*rsa.PrivateKey).PublicKey) {
		t.Fatal("new key not the one downloaded")
	}
	// A confirmation for an older revision does nothing.
	resp, body = b.submit(page, page, url.Values{"_rev": {acct.Rev}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "Someone else changed") {
		t.Fatalf("stale regenerate: %d", resp.StatusCode)
	}
}

func TestDeleteFlow(t *testing.T) {
	hs, b := newSignedIn(t)
	tok := hs.token(adminName)
	acct := hs.seedAccount(tok, "doomed", "fr:am:*")
	page := "/admin/service-accounts/" + acct.ID + "/delete"
	_, doc := b.get(page)
	if !strings.Contains(testid(doc, "delete-warning").Text(), model.TextDeleteWarn) || testid(doc, "confirm-delete").Text() != model.TextDeleteAccount {
		t.Fatal("Delete Service Account page")
	}
	resp, _ := b.submit(page, page, url.Values{"_rev": {acct.Rev}})
	if loc := location(t, resp, http.StatusSeeOther); loc != "/admin/service-accounts" {
		t.Fatalf("redirect %s", loc)
	}
	_, doc = b.get("/admin/service-accounts")
	if !strings.Contains(testid(doc, "flash-success").Text(), "doomed") || testid(doc, "account-row").Length() != 0 {
		t.Fatal("no flash or row still listed")
	}
	if _, err := hs.api.GetServiceAccount(context.Background(), tok, acct.ID); !tenantapi.IsNotFound(err) {
		t.Fatalf("account still there: %v", err)
	}
	resp, doc = b.get(page)
	if resp.StatusCode != http.StatusNotFound || testid(doc, "error-back").Length() != 1 {
		t.Fatalf("deleted account page: %d", resp.StatusCode)
	}
}

func TestAuditorSeesPagesButEveryChangeRouteRefuses(t *testing.T) {
	hs := newHarness(t, Config{})
	hs.addAdmin(adminName, store.RoleTenantAdmin)
	hs.addAdmin(auditorName, store.RoleTenantAuditor)
	acct := hs.seedAccount(hs.token(adminName), "watched", "fr:am:*")
	b := hs.signIn(auditorName)
	resp, doc := b.get("/admin/service-accounts")
	if resp.StatusCode != 200 || testid(doc, "account-row").Length() != 1 {
		t.Fatalf("auditor list: %d", resp.StatusCode)
	}
	for _, id := range []string{"new-service-account", "row-menu", "row-edit", "row-regenerate-key", "row-delete"} {
		if testid(doc, id).Length() != 0 {
			t.Errorf("auditor sees %s", id)
		}
	}
	csrf := csrfFrom(t, doc)
	base := "/admin/service-accounts/" + acct.ID
	routes := []struct{ method, path string }{
		{"GET", "/admin/service-accounts/new"}, {"POST", "/admin/service-accounts/new"},
		{"GET", base + "/edit"}, {"POST", base + "/edit"},
		{"GET", base + "/regenerate-key"}, {"POST", base + "/regenerate-key"},
		{"GET", base + "/delete"}, {"POST", base + "/delete"},
		{"GET", "/admin/keys/anything"}, {"POST", "/admin/keys/anything/download"}, {"POST", "/admin/keys/anything/done"},
	}
	for _, r := range routes {
		form := url.Values{"csrf_token": {csrf}, "name": {"hacked"}, "scopes": {"fr:am:*"}, "_rev": {acct.Rev}, "accountStatus": {"active"}}
		resp, body := b.do(r.method, r.path, strings.NewReader(form.Encode()), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
		if resp.StatusCode != http.StatusForbidden || testid(parse(t, body), "error-heading").Text() != "You can't make changes" {
			t.Errorf("%s %s: %d", r.method, r.path, resp.StatusCode)
		}
	}
	got, err := hs.api.GetServiceAccount(context.Background(), hs.token(adminName), acct.ID)
	if err != nil || got.Name != "watched" || got.Rev != acct.Rev {
		t.Fatal("auditor changed the account")
	}
}

func TestListSearchAndPaging(t *testing.T) {
	hs, b := newSignedIn(t)
	tok := hs.token(adminName)
	for i := 0; i < 23; i++ {
		hs.seedAccount(tok, "svc-"+string(rune('a'+i)), "fr:am:*")
	}
	hs.seedAccount(tok, "special \"quoted\" name", "fr:am:*")
	names := func(doc *goquery.Document) []string {
		return testid(doc, "account-name").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	}
	_, doc := b.get("/admin/service-accounts")
	first := names(doc)
	if len(first) != 10 || first[0] > first[9] {
		t.Fatalf("first page %v", first)
	}
	next := testid(doc, "page-next").AttrOr("href", "")
	if !strings.Contains(next, "after=") || testid(doc, "page-prev").Length() != 0 {
		t.Fatalf("first page links next=%q", next)
	}
	_, doc = b.get(next)
	second := names(doc)
	if len(second) != 10 || second[0] <= first[9] || testid(doc, "page-number").Text() != "Page 2" {
		t.Fatalf("second page %v", second)
	}
	_, doc = b.get(testid(doc, "page-next").AttrOr("href", ""))
	third := names(doc)
	if len(third) != 4 || testid(doc, "page-next").Length() != 0 {
		t.Fatalf("third page %v", third)
	}
	_, doc = b.get(testid(doc, "page-prev").AttrOr("href", ""))
	if strings.Join(names(doc), ",") != strings.Join(second, ",") {
		t.Fatalf("previous page %v, want %v", names(doc), second)
	}
	_, doc = b.get("/admin/service-accounts?q=" + url.QueryEscape(`"quoted"`))
	if got := names(doc); len(got) != 1 || got[0] != `special "quoted" name` {
		t.Fatalf("search %v", got)
	}
	if testid(doc, "search-input").AttrOr("value", "") != `"quoted"` {
		t.Fatal("search box does not keep the query")
	}
	_, doc = b.get("/admin/service-accounts?q=nothing-like-this")
	if testid(doc, "account-row").Length() != 0 || testid(doc, "empty-state").Length() != 1 {
		t.Fatal("search without match")
	}
}

func TestTenantFailuresGetPagesWithAWayBack(t *testing.T) {
	hs, b := newSignedIn(t)
	resp, doc := b.get("/admin/service-accounts/no-such-id/edit")
	if resp.StatusCode != http.StatusNotFound || testid(doc, "error-back").AttrOr("href", "") != "/admin/service-accounts" {
		t.Fatalf("unknown account: %d", resp.StatusCode)
	}
	resp, doc = b.get("/admin/service-accounts?page=2&after=garbage")
	if resp.StatusCode != http.StatusBadRequest || testid(doc, "error-back").Length() != 1 {
		t.Fatalf("bad cookie: %d", resp.StatusCode)
	}

	// An expired or revoked token: the tenant answers 401 and the browser goes
	// through sign-in again, then back.
	b.signInAs("not-a-valid-token", adminName, store.RoleTenantAdmin)
	resp, _ = b.do(http.MethodGet, "/admin/service-accounts", nil, nil)
	if resp.StatusCode != http.StatusFound || !strings.Contains(resp.Header.Get("Location"), "/am/oauth2/authorize") {
		t.Fatalf("401 from tenant: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}

	// The tenant unreachable.
	down := newBrowser(t, nil, nil)
	cfg := Config{TenantURL: "http://127.0.0.1:1", KeyPool: testPool()}
	cfg.BaseURL, cfg.DataDir = testBase, t.TempDir()
	a, err := newApp(cfg)
	if err != nil {
		t.Fatal(err)
	}
	down.app, down.h = a, a.echo(nil)
	down.signInAs("token", adminName, store.RoleTenantAdmin)
	resp, doc = down.get("/admin/service-accounts")
	if resp.StatusCode != http.StatusBadGateway || testid(doc, "error-heading").Text() != "The tenant can't be reached" {
		t.Fatalf("unreachable: %d %q", resp.StatusCode, doc.Text())
	}
	if strings.Contains(doc.Text(), "dial tcp") || strings.Contains(doc.Text(), "connection refused") {
		t.Fatal("Go error text shown")
	}
	_ = hs
}

func TestTenantErrorAnswersGetTheirOwnPages(t *testing.T) {
	status := http.StatusInternalServerError
	fake := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{"code": status, "reason": http.StatusText(status), "message": "tenant says no"})
	})
	cfg := Config{Tenant: fake, BaseURL: testBase, DataDir: t.TempDir(), KeyPool: testPool()}
	a, err := newApp(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, a, a.echo(fake))
	b.signInAs("token", adminName, store.RoleTenantAdmin)
	for _, c := range []struct {
		status  int
		heading string
	}{
		{http.StatusForbidden, "You can't make changes"},
		{http.StatusNotFound, "Service account not found"},
		{http.StatusInternalServerError, "Something went wrong"},
		{http.StatusServiceUnavailable, "Something went wrong"},
	} {
		status = c.status
		resp, doc := b.get("/admin/service-accounts/some-id/edit")
		if resp.StatusCode != c.status && !(c.status == http.StatusServiceUnavailable && resp.StatusCode == http.StatusInternalServerError) {
			t.Errorf("tenant %d: console answered %d", c.status, resp.StatusCode)
		}
		if testid(doc, "error-heading").Text() != c.heading || testid(doc, "error-back").AttrOr("href", "") == "" {
			t.Errorf("tenant %d: page %q", c.status, testid(doc, "error-heading").Text())
		}
	}
}
