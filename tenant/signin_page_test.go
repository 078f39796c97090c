package tenant_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/pingclone/aic-console/tenant"
)

// signInPage is the tenant's sign-in page as a browser loaded it.
type signInPage struct {
	t      *testing.T
	e      *signinEnv
	resp   *http.Response
	doc    *goquery.Document
	cookie *http.Cookie // the double-submit cookie
}

func parsePage(t *testing.T, resp *http.Response) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func newSignInPage(t *testing.T, e *signinEnv, gotoURL string) *signInPage {
	t.Helper()
	target := "/am/XUI/?realm=/"
	if gotoURL != "" {
		target += "&goto=" + url.QueryEscape(gotoURL)
	}
	resp := e.do(http.MethodGet, target, nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("sign-in page: status %d", resp.StatusCode)
	}
	return &signInPage{t: t, e: e, resp: resp, doc: parsePage(t, resp), cookie: findCookie(resp, "amLoginCsrf")}
}

func (p *signInPage) field(name string) string {
	v, _ := p.doc.Find(`[data-testid="signin-form"] input[name="` + name + `"]`).Attr("value")
	return v
}

// form is what the browser would send for the page's form.
func (p *signInPage) form(user, pass string) url.Values {
	f := url.Values{"username": {user}, "password": {pass}, "csrf": {p.field("csrf")}, "realm": {p.field("realm")}}
	if g := p.field("goto"); g != "" {
		f.Set("goto", g)
	}
	return f
}

func (p *signInPage) post(f url.Values, header http.Header) *http.Response {
	p.t.Helper()
	if header == nil {
		header = http.Header{}
	}
	if p.cookie != nil && header.Get("Cookie") == "" {
		header.Set("Cookie", p.cookie.Name+"="+p.cookie.Value)
	}
	return p.e.postForm("/am/XUI/", f, header)
}

func (p *signInPage) submit(user, pass string) *http.Response {
	p.t.Helper()
	return p.post(p.form(user, pass), http.Header{"Origin": {signinBase}, "Sec-Fetch-Site": {"same-origin"}})
}

func TestSignInPageMarkup(t *testing.T) {
	e := newSigninEnv(t)
	p := newSignInPage(t, e, "")
	doc := p.doc
	if r := e.do(http.MethodGet, "/am/XUI?realm=/", nil, nil); r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/am/XUI/?realm=/" {
		t.Fatalf("/am/XUI: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if got := doc.Find("title").Text(); got != "Sign In" {
		t.Fatalf("title %q", got)
	}
	form := doc.Find(`form[data-testid="signin-form"]`)
	if m, _ := form.Attr("method"); m != "post" {
		t.Fatalf("form method %q", m)
	}
	for _, f := range []struct{ testid, label, typ, autocomplete string }{
		{"signin-username", "User Name", "text", "username"},
		{"signin-password", "Password", "password", "current-password"},
	} {
		in := form.Find(`input[data-testid="` + f.testid + `"]`)
		id, _ := in.Attr("id")
		if in.Length() != 1 || id == "" {
			t.Fatalf("%s: missing or without id", f.testid)
		}
		if got := strings.TrimSpace(doc.Find(`label[for="` + id + `"]`).Text()); got != f.label {
			t.Fatalf("label of %s = %q, want %q", f.testid, got, f.label)
		}
		if typ, _ := in.Attr("type"); typ != f.typ {
			t.Fatalf("%s type %q", f.testid, typ)
		}
		if ac, _ := in.Attr("autocomplete"); ac != f.autocomplete {
			t.Fatalf("%s autocomplete %q", f.testid, ac)
		}
	}
	if got := strings.TrimSpace(form.Find(`button[data-testid="signin-submit"]`).Text()); got != "Next" {
		t.Fatalf("button %q", got)
	}
	if doc.Find(`[data-testid="signin-error"]`).Length() != 0 {
		t.Fatal("error shown before any attempt")
	}
	if p.cookie == nil || p.cookie.Value == "" || p.cookie.Value != p.field("csrf") || !p.cookie.HttpOnly || p.cookie.SameSite != http.SameSiteStrictMode {
		t.Fatalf("double-submit cookie %+v, field %q", p.cookie, p.field("csrf"))
	}
	if csp := p.resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Fatalf("CSP %q", csp)
	}
	if href, _ := doc.Find(`link[rel="stylesheet"]`).Attr("href"); href != "/am/XUI/signin.css" {
		t.Fatalf("stylesheet %q", href)
	} else if css := e.do(http.MethodGet, href, nil, nil); css.StatusCode != 200 || !strings.HasPrefix(css.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("stylesheet: %d %s", css.StatusCode, css.Header.Get("Content-Type"))
	}
}

// The browser flow: authorize without a session, sign in on the page, back to
// authorize, redirected to the console with a code that buys a token.
func TestBrowserSignInFlow(t *testing.T) {
	e := newSigninEnv(t)
	pk := newTestPKCE("browser")
	authz := url.Values{
		"client_id": {"idmAdminClient"}, "response_type": {"code"}, "redirect_uri": {consoleCallback},
		"scope": {"openid fr:idm:*"}, "state": {"s1"}, "code_challenge": {pk.challenge}, "code_challenge_method": {"S256"},
	}
	resp := e.do(http.MethodGet, "/am/oauth2/authorize?"+authz.Encode(), nil, nil)
	q := redirectQuery(t, resp, signinBase+"/am/XUI/")
	gotoURL := q.Get("goto")
	if !strings.HasPrefix(gotoURL, signinBase+"/am/oauth2/authorize?") {
		t.Fatalf("goto %q", gotoURL)
	}

	page := newSignInPage(t, e, gotoURL)
	if page.field("goto") != gotoURL {
		t.Fatalf("hidden goto %q, want %q", page.field("goto"), gotoURL)
	}

	// Wrong password, then an unknown user: the same message, the user name kept.
	var messages []string
	for _, user := range []string{signinAdmin, "nobody"} {
		resp := page.submit(user, "wrong password!")
		if resp.StatusCode != http.StatusUnauthorized || findCookie(resp, "iPlanetDirectoryPro") != nil {
			t.Fatalf("failed sign-in: status %d", resp.StatusCode)
		}
		doc := parsePage(t, resp)
		messages = append(messages, strings.TrimSpace(doc.Find(`[data-testid="signin-error"]`).Text()))
		if v, _ := doc.Find(`[data-testid="signin-username"]`).Attr("value"); v != user {
			t.Fatalf("user name not kept: %q", v)
		}
		if v, ok := doc.Find(`[data-testid="signin-password"]`).Attr("value"); ok && v != "" {
			t.Fatal("password echoed back")
		}
		page = &signInPage{t: t, e: e, doc: doc, cookie: findCookie(resp, "amLoginCsrf")}
	}
	if !strings.HasPrefix(messages[0], "Login failure") || messages[0] != messages[1] {
		t.Fatalf("messages %q", messages)
	}

	resp = page.submit(signinAdmin, signinAdminPass)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != gotoURL {
		t.Fatalf("sign-in: status %d Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	sess := findCookie(resp, "iPlanetDirectoryPro")
	if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie %+v", sess)
	}

	resp = e.do(http.MethodGet, strings.TrimPrefix(gotoURL, signinBase), nil, http.Header{"Cookie": {"iPlanetDirectoryPro=" + sess.Value}})
	back := redirectQuery(t, resp, consoleCallback)
	if back.Get("state") != "s1" || back.Get("code") == "" {
		t.Fatalf("authorize after sign-in: %v", back)
	}
	var tok map[string]any
	decodeSignin(t, e.token(codeExchange(back.Get("code"), consoleCallback, pk.verifier)), http.StatusOK, &tok)
	if tok["scope"] != "openid fr:idm:*" {
		t.Fatalf("token %v", tok)
	}

	// Already signed in: the page sends the browser straight on.
	resp = e.do(http.MethodGet, "/am/XUI/?goto="+url.QueryEscape(gotoURL), nil, http.Header{"Cookie": {"iPlanetDirectoryPro=" + sess.Value}})
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != gotoURL {
		t.Fatalf("signed-in page visit: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// Login CSRF: without the double-submit cookie, with a token that does not
// match, or from another site, the form signs nobody in.
func TestSignInPageRefusesCrossSitePosts(t *testing.T) {
	e := newSigninEnv(t)
	cases := []struct {
		name   string
		edit   func(p *signInPage, f url.Values, h http.Header)
		status int
	}{
		{"no cookie", func(p *signInPage, f url.Values, h http.Header) { h.Set("Cookie", "x=y") }, http.StatusForbidden},
		{"token mismatch", func(p *signInPage, f url.Values, h http.Header) { f.Set("csrf", "forged") }, http.StatusForbidden},
		{"token missing", func(p *signInPage, f url.Values, h http.Header) { f.Del("csrf") }, http.StatusForbidden},
		{"cross-site origin", func(p *signInPage, f url.Values, h http.Header) { h.Set("Origin", "https://evil.example") }, http.StatusForbidden},
		{"cross-site fetch", func(p *signInPage, f url.Values, h http.Header) { h.Set("Sec-Fetch-Site", "cross-site") }, http.StatusForbidden},
		{"same page", func(p *signInPage, f url.Values, h http.Header) {}, http.StatusSeeOther},
		{"same page as Chromium sends it under no-referrer", func(p *signInPage, f url.Values, h http.Header) {
			h.Set("Origin", "null")
			h.Set("Sec-Fetch-Site", "same-origin")
		}, http.StatusSeeOther},
		{"null origin without fetch metadata", func(p *signInPage, f url.Values, h http.Header) { h.Set("Origin", "null") }, http.StatusForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := newSignInPage(t, e, "")
			f := p.form(signinAdmin, signinAdminPass)
			h := http.Header{"Origin": {signinBase}}
			tc.edit(p, f, h)
			resp := p.post(f, h)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if tc.status == http.StatusForbidden {
				if findCookie(resp, "iPlanetDirectoryPro") != nil {
					t.Fatal("a refused post signed in")
				}
				msg := parsePage(t, resp).Find(`[data-testid="signin-error"]`).Text()
				if msg == "" {
					t.Fatal("no message for a refused post")
				}
			}
		})
	}
}

// goto may only be this tenant's authorize URL: anything else is dropped and
// the browser lands on the console after signing in.
func TestSignInPageGotoIsNoOpenRedirect(t *testing.T) {
	e := newSigninEnv(t)
	for _, gotoURL := range []string{
		"https://evil.example/am/oauth2/authorize?client_id=idmAdminClient",
		"//evil.example/am/oauth2/authorize",
		"http://tenant.test:8080@evil.example/am/oauth2/authorize",
		"https://tenant.test:8080/am/oauth2/authorize", // another scheme
		signinBase + "/admin/",
		"/admin/",
		"javascript:alert(1)",
		"/\\evil.example/am/oauth2/authorize",
		"am/oauth2/authorize",
	} {
		t.Run(gotoURL, func(t *testing.T) {
			p := newSignInPage(t, e, gotoURL)
			if p.field("goto") != "" {
				t.Fatalf("goto kept: %q", p.field("goto"))
			}
			f := p.form(signinAdmin, signinAdminPass)
			f.Set("goto", gotoURL) // a forged form field is dropped too
			resp := p.post(f, http.Header{"Origin": {signinBase}})
			if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != signinBase+"/admin/" {
				t.Fatalf("status %d Location %q", resp.StatusCode, loc)
			}
		})
	}
	// A relative authorize URL is accepted and made absolute on the base URL.
	p := newSignInPage(t, e, "/am/oauth2/authorize?client_id=idmAdminClient")
	if g := p.field("goto"); g != signinBase+"/am/oauth2/authorize?client_id=idmAdminClient" {
		t.Fatalf("relative goto became %q", g)
	}
}

func TestEndSession(t *testing.T) {
	e := newSigninEnv(t)
	tokenID := e.session(signinAdmin, signinAdminPass)
	cookie := http.Header{"Cookie": {"iPlanetDirectoryPro=" + tokenID}}

	// An unregistered address is refused, and the session stays.
	resp := e.do(http.MethodGet, "/am/oauth2/connect/endSession?post_logout_redirect_uri="+url.QueryEscape("https://evil.example/"), nil, cookie)
	if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
		t.Fatalf("unregistered: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	decodeSignin(t, e.do(http.MethodGet, "/environment/scopes/service-accounts", nil, cookie), http.StatusOK, nil)

	target := signinBase + "/admin/signed-out"
	resp = e.do(http.MethodGet, "/am/oauth2/connect/endSession?state=z&post_logout_redirect_uri="+url.QueryEscape(target), nil, cookie)
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != target+"?state=z" {
		t.Fatalf("endSession: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if c := findCookie(resp, "iPlanetDirectoryPro"); c == nil || c.MaxAge >= 0 {
		t.Fatalf("cookie not cleared: %+v", c)
	}
	decodeSignin(t, e.do(http.MethodGet, "/environment/scopes/service-accounts", nil, cookie), http.StatusUnauthorized, nil)

	// POST with the header, no redirect: a signed-out page.
	tokenID = e.session(signinAdmin, signinAdminPass)
	resp = e.postForm("/am/oauth2/connect/endSession", url.Values{}, http.Header{"iPlanetDirectoryPro": {tokenID}})
	if resp.StatusCode != http.StatusOK || parsePage(t, resp).Find(`[data-testid="signed-out"]`).Length() != 1 {
		t.Fatalf("endSession page: %d", resp.StatusCode)
	}
	decodeSignin(t, e.do(http.MethodPost, "/am/json/realms/root/sessions/?_action=getSessionInfo",
		strings.NewReader(`{"tokenId":"`+tokenID+`"}`), nil), http.StatusUnauthorized, nil)
}

// A console served elsewhere (console serve --tenant-url) signs in through
// this tenant once its base URL is configured; others stay refused.
func TestConsoleURLsRegisterCallbacks(t *testing.T) {
	const other = "http://console.test:9090"
	e := newSigninEnvWith(t, func(c *tenant.Config) { c.ConsoleURLs = []string{other + "/", ""} })
	tokenID := e.session(signinAdmin, signinAdminPass)
	p := newTestPKCE("console")
	redirectQuery(t, e.postForm("/am/oauth2/authorize", authorizeForm(tokenID, p, other+"/admin/oauth/callback"),
		http.Header{"iPlanetDirectoryPro": {tokenID}}), other+"/admin/oauth/callback")
	resp := e.postForm("/am/oauth2/authorize", authorizeForm(tokenID, p, "http://console.test:9091/admin/oauth/callback"),
		http.Header{"iPlanetDirectoryPro": {tokenID}})
	if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
		t.Fatalf("unregistered console: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp = e.do(http.MethodGet, "/am/oauth2/connect/endSession?post_logout_redirect_uri="+url.QueryEscape(other+"/admin/"), nil,
		http.Header{"iPlanetDirectoryPro": {tokenID}})
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != other+"/admin/" {
		t.Fatalf("endSession to the other console: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	for _, bad := range []string{"console.test:9090", "ftp://console.test", "http://console.test/?x=1"} {
		_, err := tenant.New(context.Background(), tenant.Config{DataDir: t.TempDir(), BaseURL: signinBase, ConsoleURLs: []string{bad}})
		if err == nil {
			t.Fatalf("console URL %q accepted", bad)
		}
	}
}
