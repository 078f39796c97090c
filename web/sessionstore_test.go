package web

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pingclone/aic-console/tenant/store"
)

// restart builds a second console on the same data folder and tenant, as a
// restarted process would be; the first one's sessions file is closed.
func (hs *harness) restart() (*app, http.Handler) {
	hs.t.Helper()
	hs.a.close()
	a, err := newApp(Config{Tenant: hs.tn.Handler(), BaseURL: testBase, DataDir: hs.dir, KeyPool: testPool(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		hs.t.Fatal(err)
	}
	hs.t.Cleanup(func() { a.close() })
	return a, a.echo(hs.tn.Handler())
}

// withCookies is a fresh browser holding a copy of b's console cookies.
func (b *browser) withCookies(a *app, h http.Handler) *browser {
	u, _ := url.Parse(testBase + "/admin/")
	c := newBrowser(b.t, a, h)
	c.jar.SetCookies(u, b.jar.Cookies(u))
	return c
}

func sessionCookieOf(t *testing.T, b *browser) string {
	t.Helper()
	u, _ := url.Parse(testBase + "/admin/")
	for _, c := range b.jar.Cookies(u) {
		if c.Name == SessionCookie {
			return c.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

func signedInAt(t *testing.T, b *browser, page string) bool {
	t.Helper()
	resp, _ := b.do(http.MethodGet, page, nil, nil)
	switch {
	case resp.StatusCode == http.StatusOK:
		return true
	case resp.StatusCode == http.StatusFound && strings.Contains(resp.Header.Get("Location"), "/am/oauth2/authorize"):
		return false
	}
	t.Fatalf("GET %s: %d %s", page, resp.StatusCode, resp.Header.Get("Location"))
	return false
}

func TestSessionCookieHoldsOnlyAnIDAndTheTokenStaysOnTheServer(t *testing.T) {
	hs := newHarness(t, Config{})
	hs.addAdmin(adminName, store.RoleTenantAdmin)
	b := hs.signIn(adminName)
	id := sessionCookieOf(t, b)
	if len(id) != sessionIDLength || strings.Contains(id, ".") {
		t.Fatalf("session cookie %q is not a bare session ID", id)
	}
	if !signedInAt(t, b, "/admin/service-accounts") {
		t.Fatal("not signed in")
	}
	raw, err := os.ReadFile(filepath.Join(hs.dir, SessionsFile))
	if err != nil {
		t.Fatal(err)
	}
	wal, _ := os.ReadFile(filepath.Join(hs.dir, SessionsFile+"-wal"))
	raw = append(raw, wal...)
	hs.a.sessions.mu.RLock()
	tok, _ := hs.a.sessions.live[keyOf(id)].values[keyToken].(string)
	hs.a.sessions.mu.RUnlock()
	if tok == "" {
		t.Fatal("the server-side session holds no token")
	}
	for what, secret := range map[string]string{"access token": tok, "session ID": id, "user name": adminName} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the sessions file holds the %s in clear", what)
		}
	}
	info, err := os.Stat(filepath.Join(hs.dir, SessionsFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("sessions file mode: %v %v", err, info)
	}
}

func TestSignInRenewsTheSessionID(t *testing.T) {
	hs := newHarness(t, Config{})
	hs.addAdmin(adminName, store.RoleTenantAdmin)
	b := newBrowser(t, hs.a, hs.h)
	b.do(http.MethodGet, "/admin/", nil, nil) // a session for the sign-in under way
	before := b.withCookies(hs.a, hs.h)
	preID := sessionCookieOf(t, b)
	b.signInThroughTenant(adminName, "/admin/")
	if sessionCookieOf(t, b) == preID {
		t.Fatal("the session ID from before sign-in is kept")
	}
	if signedInAt(t, before, "/admin/") {
		t.Fatal("the pre-sign-in cookie opens the signed-in session")
	}
	if !signedInAt(t, b, "/admin/") {
		t.Fatal("not signed in")
	}
}

func TestSessionsSurviveARestartAndSignOutOutlivesIt(t *testing.T) {
	hs := newHarness(t, Config{})
	hs.addAdmin(adminName, store.RoleTenantAdmin)
	b := hs.signIn(adminName)
	kept := b.withCookies(hs.a, hs.h)

	a2, h2 := hs.restart()
	after := b.withCookies(a2, h2)
	if !signedInAt(t, after, "/admin/service-accounts") {
		t.Fatal("a restart signed the administrator out")
	}
	// Sign Out on the restarted console; then neither a copy of the old
	// cookie nor another restart opens anything.
	_, doc := after.get("/admin/tenant-settings")
	resp, _ := after.post("/admin/sign-out", url.Values{"csrf_token": {csrfFrom(t, doc)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", resp.StatusCode)
	}
	replay := kept.withCookies(a2, h2)
	if signedInAt(t, replay, "/admin/service-accounts") {
		t.Fatal("a copy of the cookie from before Sign Out still opens the console")
	}
	hs.a = a2
	a3, h3 := hs.restart()
	if signedInAt(t, kept.withCookies(a3, h3), "/admin/service-accounts") {
		t.Fatal("after a restart, a signed-out cookie opens the console again")
	}
}

func TestFlashesAndValuesAreNotSharedBetweenRequests(t *testing.T) {
	st := newServerSessions(nil, false, time.Now)
	req := httptest.NewRequest(http.MethodGet, testBase+"/admin/", nil)
	s, _ := st.New(req, SessionCookie)
	s.Values[keyState] = "state"
	s.AddFlash("one")
	rec := httptest.NewRecorder()
	if err := st.Save(req, rec, s); err != nil {
		t.Fatal(err)
	}
	req.AddCookie(rec.Result().Cookies()[0])
	a, _ := st.Get(req, SessionCookie)
	b, _ := st.Get(req, SessionCookie)
	a.AddFlash("two")
	a.Values[keyState] = "changed"
	if len(b.Flashes()) != 1 || b.Values[keyState] != "state" {
		t.Fatal("one request's changes reached another before any save")
	}
}

func TestASessionEndedMeanwhileIsNotBroughtBack(t *testing.T) {
	st := newServerSessions(nil, false, time.Now)
	req := httptest.NewRequest(http.MethodGet, testBase+"/admin/", nil)
	s, _ := st.New(req, SessionCookie)
	s.Values[keyState] = "state"
	rec := httptest.NewRecorder()
	if err := st.Save(req, rec, s); err != nil {
		t.Fatal(err)
	}
	req.AddCookie(rec.Result().Cookies()[0])
	slow, _ := st.Get(req, SessionCookie) // a request still running...
	ending, _ := st.Get(req, SessionCookie)
	ending.Options.MaxAge = -1 // ...while another tab signs out
	if err := st.Save(req, httptest.NewRecorder(), ending); err != nil {
		t.Fatal(err)
	}
	slow.AddFlash("late")
	if err := st.Save(req, httptest.NewRecorder(), slow); err != nil {
		t.Fatal(err)
	}
	if again, _ := st.Get(req, SessionCookie); !again.IsNew || len(again.Values) != 0 {
		t.Fatal("a late save revived an ended session")
	}
}

func TestSessionsThatNeverSignedInStayInMemoryAndAreBounded(t *testing.T) {
	hs := newHarness(t, Config{})
	for i := 0; i < 3; i++ {
		if resp, _ := newBrowser(t, hs.a, hs.h).do(http.MethodGet, "/admin/", nil, nil); resp.StatusCode != http.StatusFound {
			t.Fatalf("signed-out GET: %d", resp.StatusCode)
		}
	}
	for i := 0; i < maxAnonymousSessions+50; i++ {
		req := httptest.NewRequest(http.MethodGet, testBase+"/admin/", nil)
		s, _ := hs.a.sessions.New(req, SessionCookie)
		s.Values[keyState] = "x"
		if err := hs.a.sessions.Save(req, httptest.NewRecorder(), s); err != nil {
			t.Fatal(err)
		}
	}
	hs.a.sessions.mu.RLock()
	n := len(hs.a.sessions.live)
	hs.a.sessions.mu.RUnlock()
	if n > maxAnonymousSessions {
		t.Fatalf("%d sessions kept in memory, bound is %d", n, maxAnonymousSessions)
	}
	var rows int
	if err := hs.a.sessions.db.db.QueryRow(`SELECT count(*) FROM console_sessions`).Scan(&rows); err != nil || rows != 0 {
		t.Fatalf("sign-ins under way written to disk: %d rows (%v)", rows, err)
	}
}

func TestAPageViewNeitherRewritesTheSessionNorItsCookie(t *testing.T) {
	hs := newHarness(t, Config{})
	hs.addAdmin(adminName, store.RoleTenantAdmin)
	b := hs.signIn(adminName)
	var before int
	if err := hs.a.sessions.db.db.QueryRow(`SELECT count(*) FROM console_sessions`).Scan(&before); err != nil || before != 1 {
		t.Fatalf("signed-in sessions on disk: %d (%v)", before, err)
	}
	var sealed []byte
	hs.a.sessions.db.db.QueryRow(`SELECT sealed FROM console_sessions`).Scan(&sealed)
	for _, page := range []string{"/admin/", "/admin/service-accounts", "/admin/tenant-settings"} {
		resp, _ := b.do(http.MethodGet, page, nil, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", page, resp.StatusCode)
		}
		for _, c := range resp.Cookies() {
			if c.Name == SessionCookie {
				t.Fatalf("GET %s sets the session cookie again", page)
			}
		}
	}
	var after []byte
	hs.a.sessions.db.db.QueryRow(`SELECT sealed FROM console_sessions`).Scan(&after)
	if !bytes.Equal(sealed, after) {
		t.Fatal("viewing pages rewrote the stored session")
	}
}
