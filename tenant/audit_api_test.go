package tenant

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pingclone/aic-console/tenant/audit"
	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/store"
)

// auditFixture is a tenant with an administrator, an auditor and a service
// account token, and a few recorded events.
type auditFixture struct {
	t                        *Tenant
	admin, auditor, svcToken string // credentials: session tokens and a bearer token
	now                      time.Time
}

func newAuditFixture(t *testing.T) *auditFixture {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Second)
	dir := t.TempDir()
	tn, err := New(ctx, Config{DataDir: dir, BaseURL: "http://127.0.0.1:8080", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tn.Close() })
	f := &auditFixture{t: tn, now: now}
	f.admin = addSession(t, tn.store, "alice", store.RoleTenantAdmin, now)
	f.auditor = addSession(t, tn.store, "sam", store.RoleTenantAuditor, now)
	if _, err := tn.store.CreateSvcAcct(ctx, "alice", store.SvcAcct{ID: "acct-1", Name: "ci, \"prod\"",
		AccountStatus: "active", Scopes: []string{"fr:am:*"}, JWKS: `{"keys":[]}`}); err != nil {
		t.Fatal(err)
	}
	f.svcToken, _, err = tn.signer.Mint(auth.KindServiceAccount, "acct-1", "", "fr:am:*", time.Hour, now)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range []audit.Event{
		{Actor: "acct-1", ActorKind: audit.ActorServiceAccount, Action: audit.ActionTokenGranted, TargetID: "acct-1",
			ScopesRequested: []string{"fr:am:*"}, ScopesGranted: []string{"fr:am:*"}},
		{Actor: "acct-1", ActorKind: audit.ActorServiceAccount, Action: audit.ActionTokenRefused, TargetID: "acct-1",
			Outcome: audit.OutcomeFailure, Reason: "invalid_scope", ScopesRequested: []string{"fr:iga:*"}},
		{Actor: "bob", Action: audit.ActionSignInFailed, Outcome: audit.OutcomeFailure, Reason: "bad credentials"},
	} {
		s.Time = now.Add(time.Duration(i-9) * time.Minute)
		if err := audit.RecordAlone(ctx, tn.store.DB(), s); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func addSession(t testing.TB, st *store.Store, user, role string, now time.Time) string {
	t.Helper()
	ctx := context.Background()
	if err := st.AddAdmin(ctx, store.Admin{Username: user, Role: role, PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	token := "session-" + user
	if err := st.CreateSession(ctx, store.Session{TokenID: token, Username: user, CreatedAt: now, LastAccess: now,
		IdleExpires: now.Add(time.Hour), MaxExpires: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	return token
}

// do sends a request as who: "admin", "auditor", "svcacct" or "" (nobody).
func (f *auditFixture) do(t *testing.T, method, target, who string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	switch who {
	case "admin":
		r.AddCookie(&http.Cookie{Name: CookieName, Value: f.admin})
	case "auditor":
		r.Header.Set(CookieName, f.auditor)
	case "svcacct":
		r.Header.Set("Authorization", "Bearer "+f.svcToken)
	case "bad":
		r.Header.Set("Authorization", "Bearer not-a-token")
	}
	w := httptest.NewRecorder()
	f.t.Handler().ServeHTTP(w, r)
	return w
}

func TestAuditAPIAccessRules(t *testing.T) {
	f := newAuditFixture(t)
	paths := []string{
		"/environment/audit/events",
		"/environment/audit/events/export?format=csv",
		"/environment/audit/events/export?format=json",
		"/environment/audit/service-accounts/acct-1/activity",
	}
	for _, p := range paths {
		for who, want := range map[string]int{"": 401, "bad": 401, "svcacct": 403, "admin": 200, "auditor": 200} {
			w := f.do(t, "GET", p, who)
			if w.Code != want {
				t.Errorf("GET %s as %q: %d, want %d: %s", p, who, w.Code, want, w.Body)
			}
			if want != 200 {
				var e map[string]any
				if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e["code"] != float64(want) {
					t.Errorf("GET %s as %q: body %s is not a CREST error", p, who, w.Body)
				}
			}
		}
	}
}

func TestAuditAPIIsReadOnly(t *testing.T) {
	f := newAuditFixture(t)
	for _, m := range []string{"POST", "PUT", "PATCH", "DELETE"} {
		for _, p := range []string{"/environment/audit/events", "/environment/audit/events/1", "/environment/audit/service-accounts/acct-1/activity"} {
			w := f.do(t, m, p, "admin")
			if w.Code != http.StatusMethodNotAllowed || !strings.Contains(w.Body.String(), `"code":405`) {
				t.Errorf("%s %s: %d %s", m, p, w.Code, w.Body)
			}
		}
	}
	var n int
	if err := f.t.store.DB().QueryRow(`SELECT count(*) FROM audit_events`).Scan(&n); err != nil || n != 4 {
		t.Fatalf("%d events after the attempts, %v", n, err)
	}
}

type envelope struct {
	Result             []map[string]any `json:"result"`
	ResultCount        int              `json:"resultCount"`
	PagedResultsCookie *string          `json:"pagedResultsCookie"`
	Policy             string           `json:"totalPagedResultsPolicy"`
	Total              int              `json:"totalPagedResults"`
	Remaining          int              `json:"remainingPagedResults"`
}

func TestAuditEventsFiltersAndPagingOverHTTP(t *testing.T) {
	f := newAuditFixture(t)
	get := func(q string) envelope {
		t.Helper()
		w := f.do(t, "GET", "/environment/audit/events"+q, "auditor")
		if w.Code != 200 {
			t.Fatalf("GET %s: %d %s", q, w.Code, w.Body)
		}
		var env envelope
		if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil {
			t.Fatal(err)
		}
		return env
	}
	all := get("")
	if all.ResultCount != 4 || all.PagedResultsCookie != nil || all.Policy != "NONE" || all.Total != -1 || all.Remaining != -1 {
		t.Fatalf("envelope = %+v", all)
	}
	if all.Result[0]["action"] != audit.ActionCreate || all.Result[1]["action"] != audit.ActionSignInFailed ||
		all.Result[3]["action"] != audit.ActionTokenGranted {
		t.Fatalf("not newest first: %v", all.Result)
	}
	first := all.Result[0]
	for _, k := range []string{"_id", "timestamp", "actor", "actorKind", "action", "targetId", "targetName", "changes",
		"outcome", "reason", "scopesRequested", "scopesGranted", "requestId", "clientAddress"} {
		if _, ok := first[k]; !ok {
			t.Errorf("event lacks %s: %v", k, first)
		}
	}
	at := func(d time.Duration) string { return f.now.Add(d).Format(time.RFC3339) }
	for q, want := range map[string]int{
		"?account=acct-1": 3, "?actor=bob": 1, "?action=token.granted,token.refused": 2,
		"?action=token.granted&action=signin.failure": 2, "?outcome=failure": 2,
		"?from=" + at(-8*time.Minute): 3, "?to=" + at(-8*time.Minute): 1,
		"?from=" + at(-9*time.Minute) + "&to=" + at(-8*time.Minute): 1,
		"?from=" + f.now.Add(48*time.Hour).Format(time.DateOnly):    0,
	} {
		if got := get(q); got.ResultCount != want {
			t.Errorf("%s: %d events, want %d", q, got.ResultCount, want)
		}
	}
	// Paging: two pages of two, then the end.
	p1 := get("?_pageSize=2")
	if p1.ResultCount != 2 || p1.PagedResultsCookie == nil {
		t.Fatalf("page 1 = %+v", p1)
	}
	p2 := get("?_pageSize=2&_pagedResultsCookie=" + *p1.PagedResultsCookie)
	if p2.ResultCount != 2 || p2.PagedResultsCookie != nil || p2.Result[0]["_id"] == p1.Result[1]["_id"] {
		t.Fatalf("page 2 = %+v", p2)
	}
}

func TestAuditAPIBadInput(t *testing.T) {
	f := newAuditFixture(t)
	for q, field := range map[string]string{
		"/environment/audit/events?action=svcacct.explode":          "action",
		"/environment/audit/events?from=yesterday":                  "from",
		"/environment/audit/events?to=12/03/2026":                   "to",
		"/environment/audit/events?from=2026-12-03&to=2026-12-02":   "to",
		"/environment/audit/events?outcome=maybe":                   "outcome",
		"/environment/audit/events?_pageSize=0":                     "_pageSize",
		"/environment/audit/events?_pageSize=ten":                   "_pageSize",
		"/environment/audit/events?_pagedResultsCookie=forged":      "_pagedResultsCookie",
		"/environment/audit/events/export?format=xml":               "format",
		"/environment/audit/events/export?format=csv&from=notatime": "from",
	} {
		w := f.do(t, "GET", q, "admin")
		var e struct {
			Code   int               `json:"code"`
			Detail map[string]string `json:"detail"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || w.Code != 400 || e.Code != 400 || e.Detail["field"] != field {
			t.Errorf("%s: %d %s, want 400 naming %s", q, w.Code, w.Body, field)
		}
	}
	if w := f.do(t, "GET", "/environment/audit/service-accounts/nope/activity", "admin"); w.Code != 404 {
		t.Errorf("unknown account activity: %d %s", w.Code, w.Body)
	}
}

func TestAuditExportOverHTTP(t *testing.T) {
	f := newAuditFixture(t)
	w := f.do(t, "GET", "/environment/audit/events/export?format=csv&account=acct-1", "auditor")
	if w.Code != 200 || w.Header().Get("Content-Type") != "text/csv; charset=utf-8" ||
		w.Header().Get("Content-Disposition") != `attachment; filename="audit-events-`+f.now.Format("20060102T150405Z")+`.csv"` {
		t.Fatalf("%d %v", w.Code, w.Header())
	}
	recs, err := csv.NewReader(w.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 || recs[0][0] != "_id" || recs[1][6] != "ci, \"prod\"" || recs[1][4] != audit.ActionCreate {
		t.Fatalf("csv = %q", recs)
	}
	w = f.do(t, "GET", "/environment/audit/events/export?format=json&outcome=failure", "admin")
	var events []map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &events); err != nil || len(events) != 2 || w.Header().Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("json export: %v %d %s", err, len(events), w.Body)
	}
	// Streaming: the export is flushed through a real server.
	srv := httptest.NewServer(f.t.Handler())
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/environment/audit/events/export?format=csv", nil)
	req.Header.Set(CookieName, f.admin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.ContentLength != -1 || strings.Count(string(body), "\n") < 5 {
		t.Fatalf("streamed export: %d length %d\n%s", resp.StatusCode, resp.ContentLength, body)
	}
}

func TestAuditActivityOverHTTP(t *testing.T) {
	f := newAuditFixture(t)
	w := f.do(t, "GET", "/environment/audit/service-accounts/acct-1/activity", "auditor")
	if w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	var a map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	grants := a["grants"].(map[string]any)
	if a["_id"] != "acct-1" || a["exists"] != true || grants["last24h"] != float64(1) ||
		a["lastGrant"].(map[string]any)["time"] != at(f.now, -9*time.Minute) || a["created"].(map[string]any)["by"] != "alice" {
		t.Fatalf("activity = %s", w.Body)
	}
}

func TestAuditRetentionAtStart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	st, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, age := range []time.Duration{100 * 24 * time.Hour, 31 * 24 * time.Hour, time.Hour} {
		if err := audit.RecordAlone(ctx, st.DB(), audit.Event{Time: now.Add(-age), Actor: "a", Action: audit.ActionSignIn}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	count := func(retention time.Duration) int {
		tn, err := New(ctx, Config{DataDir: dir, BaseURL: "http://127.0.0.1:8080", Now: func() time.Time { return now }, AuditRetention: retention})
		if err != nil {
			t.Fatal(err)
		}
		defer tn.Close()
		var n int
		if err := tn.store.DB().QueryRow(`SELECT count(*) FROM audit_events`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(-1); n != 3 {
		t.Fatalf("retention forever kept %d, want 3", n)
	}
	if n := count(0); n != 2 { // default: 90 days
		t.Fatalf("default retention kept %d, want 2", n)
	}
	if n := count(30 * 24 * time.Hour); n != 1 {
		t.Fatalf("30-day retention kept %d, want 1", n)
	}
}

func at(now time.Time, d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
