package web

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/pingclone/aic-console/keys"
	"github.com/pingclone/aic-console/views/model"
)

// testBase is the console's address in tests; requests never leave the process.
const testBase = "http://console.test"

var (
	poolOnce sync.Once
	pool     *keys.Pool
)

// testPool is shared by every test: 2048-bit keys (the tenant's minimum)
// keep the race-enabled tests fast.
func testPool() *keys.Pool {
	poolOnce.Do(func() { pool = keys.NewPool(4, 2048) })
	return pool
}

// browser drives the real route table like a browser: it keeps cookies and
// reads pages with goquery.
type browser struct {
	t   testing.TB
	h   http.Handler
	app *app
	jar *cookiejar.Jar
}

func newBrowser(t testing.TB, a *app, h http.Handler) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, h: h, app: a, jar: jar}
}

// do sends one request (no redirect following) and returns the response
// with its body read.
func (b *browser) do(method, target string, body io.Reader, header http.Header) (*http.Response, string) {
	b.t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		b.t.Fatal(err)
	}
	if !u.IsAbs() {
		u, _ = url.Parse(testBase + target)
	}
	req := httptest.NewRequest(method, u.String(), body)
	for k, v := range header {
		req.Header[k] = v
	}
	for _, c := range b.jar.Cookies(u) {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	resp := rec.Result()
	b.jar.SetCookies(u, resp.Cookies())
	raw, _ := io.ReadAll(resp.Body)
	return resp, string(raw)
}

func (b *browser) get(target string) (*http.Response, *goquery.Document) {
	b.t.Helper()
	resp, body := b.do(http.MethodGet, target, nil, nil)
	return resp, parse(b.t, body)
}

// post sends a form as a browser would.
func (b *browser) post(target string, form url.Values) (*http.Response, *goquery.Document) {
	b.t.Helper()
	resp, body := b.do(http.MethodPost, target, strings.NewReader(form.Encode()),
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Referer": {testBase + target}})
	return resp, parse(b.t, body)
}

// csrfFrom reads the CSRF token of the first form of a page.
func csrfFrom(t testing.TB, doc *goquery.Document) string {
	t.Helper()
	tok, ok := doc.Find(`input[name="` + model.FieldCSRF + `"]`).First().Attr("value")
	if !ok || tok == "" {
		t.Fatal("page has no CSRF token")
	}
	return tok
}

// signInAs puts a signed-in session in the cookie jar, as the OAuth callback
// would after the tenant signed the administrator in.
func (b *browser) signInAs(token, user, role string) {
	b.t.Helper()
	req := httptest.NewRequest(http.MethodGet, testBase+"/admin/", nil)
	s, _ := b.app.sessions.New(req, SessionCookie)
	s.Values[keySID] = randomToken()
	s.Values[keyToken] = token
	s.Values[keyExpiry] = int64(0)
	s.Values[keyUser] = user
	s.Values[keyRole] = role
	rec := httptest.NewRecorder()
	if err := s.Save(req, rec); err != nil {
		b.t.Fatal(err)
	}
	u, _ := url.Parse(testBase + "/admin/")
	b.jar.SetCookies(u, rec.Result().Cookies())
}

func parse(t testing.TB, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func testid(doc *goquery.Document, id string) *goquery.Selection {
	return doc.Find(`[data-testid="` + id + `"]`)
}
