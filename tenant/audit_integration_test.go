package tenant

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"

	"github.com/pingclone/aic-console/tenant/audit"
	"github.com/pingclone/aic-console/tenant/store"
)

// auditEvents reads every event of the tenant, oldest first.
func auditEvents(t testing.TB, tn *Tenant) []audit.Event {
	t.Helper()
	var out []audit.Event
	if err := audit.Each(context.Background(), tn.store.DB(), audit.Filter{}, func(e audit.Event) error {
		out = append([]audit.Event{e}, out...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// svcDo sends a JSON request with a bearer token and extra headers; it
// returns the recorder.
func svcDo(t testing.TB, tn *Tenant, method, path, token string, body any, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	r := httptest.NewRequest(method, path, rd)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", "Bearer "+token)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	tn.Handler().ServeHTTP(w, r)
	return w
}

// Each service account action through the API leaves exactly one event with
// the right before and after, the administrator, the request ID and address.
func TestEachServiceAccountActionRecordsOneEvent(t *testing.T) {
	tn, _ := tkTenant(t)
	admin := tkAdminToken(t, tn, "alice", store.RoleTenantAdmin)
	jwks1, jwks2 := tkJWKS(t, nil, tkKey(t, 0)), tkJWKS(t, []string{"k2"}, tkKey(t, 1))
	th1, th2 := audit.Thumbprints(jwks1), audit.Thumbprints(jwks2)

	w := svcDo(t, tn, "POST", "/openidm/managed/svcacct?_action=create", admin, map[string]any{
		"name": "ci", "description": "first", "accountStatus": "active", "scopes": []string{"fr:am:*", "fr:idm:*"}, "jwks": jwks1})
	if w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	var obj map[string]any
	_ = json.Unmarshal(w.Body.Bytes(), &obj)
	id := obj["_id"].(string)
	full := func(over map[string]any) map[string]any {
		b := map[string]any{"name": "ci", "description": "first", "accountStatus": "active", "scopes": []string{"fr:am:*", "fr:idm:*"}, "jwks": jwks1}
		for k, v := range over {
			b[k] = v
		}
		return b
	}
	steps := []struct {
		name         string
		method, path string
		body         any
		action       string
		changes      audit.Changes
	}{
		{"rename", "PUT", "/openidm/managed/svcacct/" + id, full(map[string]any{"name": "ci-2"}), audit.ActionUpdate,
			audit.Changes{"name": {Before: "ci", After: "ci-2"}}},
		{"description", "PATCH", "/openidm/managed/svcacct/" + id,
			[]map[string]any{{"operation": "replace", "field": "/description", "value": "second"}}, audit.ActionUpdate,
			audit.Changes{"description": {Before: "first", After: "second"}}},
		{"remove a scope", "PATCH", "/openidm/managed/svcacct/" + id,
			[]map[string]any{{"operation": "replace", "field": "/scopes", "value": []string{"fr:am:*"}}}, audit.ActionUpdate,
			audit.Changes{"scopes": {Before: []any{"fr:am:*", "fr:idm:*"}, After: []any{"fr:am:*"}}}},
		{"deactivate", "PATCH", "/openidm/managed/svcacct/" + id,
			[]map[string]any{{"operation": "replace", "field": "/accountStatus", "value": "inactive"}}, audit.ActionStatus,
			audit.Changes{"accountStatus": {Before: "active", After: "inactive"}}},
		{"regenerate key", "PATCH", "/openidm/managed/svcacct/" + id,
			[]map[string]any{{"operation": "replace", "field": "/jwks", "value": jwks2}}, audit.ActionRegenerateKey,
			audit.Changes{"keyThumbprints": {Before: toAnyList(th1), After: toAnyList(th2)}}},
		{"delete", "DELETE", "/openidm/managed/svcacct/" + id, nil, audit.ActionDelete, audit.Changes{
			"name": {Before: "ci-2", After: nil}, "description": {Before: "second", After: nil},
			"accountStatus": {Before: "inactive", After: nil}, "scopes": {Before: []any{"fr:am:*"}, After: nil},
			"keyThumbprints": {Before: toAnyList(th2), After: nil}}},
	}
	events := auditEvents(t, tn)
	if len(events) != 1 || events[0].Action != audit.ActionCreate || events[0].TargetID != id ||
		!reflect.DeepEqual(events[0].Changes["keyThumbprints"].After, toAnyList(th1)) || events[0].Changes["name"].After != "ci" {
		t.Fatalf("after create: %+v", events)
	}
	for _, s := range steps {
		w := svcDo(t, tn, s.method, s.path, admin, s.body, "X-Request-Id", "req-"+strings.ReplaceAll(s.name, " ", "-"))
		if w.Code != 200 {
			t.Fatalf("%s: %d %s", s.name, w.Code, w.Body)
		}
		got := auditEvents(t, tn)
		if len(got) != len(events)+1 {
			t.Fatalf("%s: %d new events, want 1: %+v", s.name, len(got)-len(events), got[len(events):])
		}
		e := got[len(got)-1]
		events = got
		if e.Action != s.action || e.Actor != "alice" || e.ActorKind != audit.ActorAdmin || e.TargetID != id ||
			e.Outcome != audit.OutcomeSuccess || e.RequestID != "req-"+strings.ReplaceAll(s.name, " ", "-") || e.ClientAddress != "192.0.2.1" {
			t.Fatalf("%s: event %+v", s.name, e)
		}
		if !reflect.DeepEqual(e.Changes, s.changes) {
			t.Fatalf("%s: changes %#v\nwant %#v", s.name, e.Changes, s.changes)
		}
		raw, _ := json.Marshal(e)
		if strings.Contains(string(raw), `\"n\"`) || strings.Contains(string(raw), "AQAB") {
			t.Fatalf("%s: key material in the event: %s", s.name, raw)
		}
	}
}

func toAnyList(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// Refused and failed changes leave no change event.
func TestFailedChangesRecordNoEvent(t *testing.T) {
	tn, _ := tkTenant(t)
	admin := tkAdminToken(t, tn, "alice", store.RoleTenantAdmin)
	auditor := tkAdminToken(t, tn, "sam", store.RoleTenantAuditor)
	jwks := tkJWKS(t, nil, tkKey(t, 0))
	body := map[string]any{"name": "ci", "accountStatus": "active", "scopes": []string{"fr:am:*"}, "jwks": jwks}
	w := svcDo(t, tn, "POST", "/openidm/managed/svcacct?_action=create", admin, body)
	if w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	var obj map[string]any
	_ = json.Unmarshal(w.Body.Bytes(), &obj)
	id := obj["_id"].(string)
	before := len(auditEvents(t, tn))
	renamed := map[string]any{"name": "x", "accountStatus": "active", "scopes": []string{"fr:am:*"}, "jwks": jwks}
	for _, c := range []struct {
		name         string
		method, path string
		token        string
		body         any
		header       []string
		status       int
	}{
		{"stale If-Match", "PUT", "/openidm/managed/svcacct/" + id, admin, renamed, []string{"If-Match", `"stale"`}, 412},
		{"If-None-Match on existing", "PUT", "/openidm/managed/svcacct/" + id, admin, renamed, []string{"If-None-Match", "*"}, 412},
		{"invalid scopes", "PUT", "/openidm/managed/svcacct/" + id, admin,
			map[string]any{"name": "x", "accountStatus": "active", "scopes": []string{"fr:idc:federation:*"}, "jwks": jwks}, nil, 400},
		{"private key", "PATCH", "/openidm/managed/svcacct/" + id, admin,
			[]map[string]any{{"operation": "replace", "field": "/jwks", "value": `{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}`}}, nil, 400},
		{"auditor write", "PATCH", "/openidm/managed/svcacct/" + id, auditor,
			[]map[string]any{{"operation": "replace", "field": "/accountStatus", "value": "inactive"}}, nil, 403},
		{"auditor delete", "DELETE", "/openidm/managed/svcacct/" + id, auditor, nil, nil, 403},
		{"auditor create", "POST", "/openidm/managed/svcacct?_action=create", auditor, body, nil, 403},
		{"stale delete", "DELETE", "/openidm/managed/svcacct/" + id, admin, nil, []string{"If-Match", `"stale"`}, 412},
		{"delete unknown", "DELETE", "/openidm/managed/svcacct/no-such-id", admin, nil, nil, 404},
		{"create without name", "POST", "/openidm/managed/svcacct?_action=create", admin,
			map[string]any{"accountStatus": "active", "scopes": []string{"fr:am:*"}, "jwks": jwks}, nil, 400},
	} {
		w := svcDo(t, tn, c.method, c.path, c.token, c.body, c.header...)
		if w.Code != c.status {
			t.Errorf("%s: %d, want %d: %s", c.name, w.Code, c.status, w.Body)
		}
		if n := len(auditEvents(t, tn)); n != before {
			t.Fatalf("%s: %d events recorded by a failed change", c.name, n-before)
		}
	}
}

// Every token endpoint answer is recorded: granted with the scopes asked for
// and granted, refused with the rule, attributed to the account it claims.
func TestTokenRequestsAreRecorded(t *testing.T) {
	tn, clock := tkTenant(t)
	id := "6d8e4b6b-0000-4000-8000-000000000001"
	tkPutAccount(t, tn, id, "active", []string{"fr:am:*", "fr:idc:esv:*"}, tkJWKS(t, nil, tkKey(t, 0)))

	tkGrant(t, tn, clock, id, tkKey(t, 0), "fr:am:* fr:idc:esv:read")
	refusals := []struct {
		name   string
		form   url.Values
		reason string
	}{
		{"scope not held", tkForm(tkSign(t, tkKey(t, 0), "", tkClaims(id, clock.Now())), "fr:am:* fr:iga:*"),
			"invalid_scope: Unsupported scope for service account: fr:iga:*"},
		{"old key", tkForm(tkSign(t, tkKey(t, 1), "", tkClaims(id, clock.Now())), "fr:am:*"),
			"invalid_grant: The assertion's signature does not verify with the service account's keys"},
	}
	for _, r := range refusals {
		if a := tkPostToken(t, tn, r.form); a.Status == 200 {
			t.Fatalf("%s: granted", r.name)
		}
	}
	tkPutAccount(t, tn, id, "inactive", []string{"fr:am:*", "fr:idc:esv:*"}, tkJWKS(t, nil, tkKey(t, 0)))
	if a := tkPostToken(t, tn, tkForm(tkSign(t, tkKey(t, 0), "", tkClaims(id, clock.Now())), "")); a.Status == 200 {
		t.Fatal("inactive account granted")
	}
	if a := tkPostToken(t, tn, url.Values{"grant_type": {"password"}}); a.Status == 200 {
		t.Fatal("password grant granted")
	}

	events := auditEvents(t, tn)
	if len(events) != 5 {
		t.Fatalf("%d events, want 5: %+v", len(events), events)
	}
	g := events[0]
	if g.Action != audit.ActionTokenGranted || g.Actor != id || g.ActorKind != audit.ActorServiceAccount || g.TargetID != id ||
		g.TargetName != "sa-"+id[:8] || !reflect.DeepEqual(g.ScopesRequested, []string{"fr:am:*", "fr:idc:esv:read"}) ||
		!reflect.DeepEqual(g.ScopesGranted, []string{"fr:am:*", "fr:idc:esv:read"}) || !g.Time.Equal(clock.Now()) {
		t.Fatalf("grant event %+v", g)
	}
	for i, r := range refusals {
		e := events[i+1]
		if e.Action != audit.ActionTokenRefused || e.Outcome != audit.OutcomeFailure || e.TargetID != id || e.Reason != r.reason {
			t.Errorf("%s: event %+v", r.name, e)
		}
	}
	if e := events[1]; !reflect.DeepEqual(e.ScopesRequested, []string{"fr:am:*", "fr:iga:*"}) || len(e.ScopesGranted) != 0 {
		t.Errorf("refusal scopes %+v", e)
	}
	if e := events[3]; e.Reason != "invalid_grant: The service account is inactive" || e.TargetID != id {
		t.Errorf("inactive: %+v", e)
	}
	if e := events[4]; e.TargetID != "" || e.ActorKind != audit.ActorAnonymous || !strings.HasPrefix(e.Reason, "unsupported_grant_type") {
		t.Errorf("password grant: %+v", e)
	}
}

// The impact preview's numbers come from the real grant path.
func TestActivityAfterScriptedGrants(t *testing.T) {
	tn, clock := tkTenant(t)
	id := "6d8e4b6b-0000-4000-8000-000000000002"
	tkPutAccount(t, tn, id, "active", []string{"fr:am:*", "fr:idc:esv:*", "fr:idm:*"}, tkJWKS(t, nil, tkKey(t, 0)))
	grant := func(scope string) { tkGrant(t, tn, clock, id, tkKey(t, 0), scope) }
	grant("fr:idm:*") // 40 days ago: outside the window
	clock.Advance(30 * 24 * time.Hour)
	grant("fr:idc:esv:read") // 10 days ago
	grant("fr:idc:esv:read")
	clock.Advance(10*24*time.Hour - 2*time.Hour)
	grant("fr:am:*") // 2 hours ago
	clock.Advance(time.Hour)
	tkPostToken(t, tn, tkForm(tkSign(t, tkKey(t, 0), "", tkClaims(id, clock.Now())), "fr:iga:*")) // refused, 1 hour ago
	clock.Advance(time.Hour)

	admin := tkAdminToken(t, tn, "alice", store.RoleTenantAdmin)
	w := svcDo(t, tn, "GET", "/environment/audit/service-accounts/"+id+"/activity", admin, nil)
	if w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	var a struct {
		Grants, Refusals struct{ Last24h, Last30d int }
		LastGrant        struct {
			Time          string
			ScopesGranted []string
		}
		Scopes []struct {
			Scope         string
			Requested     bool
			Requests      int
			LastRequested *string
		}
	}
	if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	ago := func(d time.Duration) string { return audit.FormatTimestamp(clock.Now().Add(-d)) }
	if a.Grants.Last24h != 1 || a.Grants.Last30d != 3 || a.Refusals.Last24h != 1 || a.Refusals.Last30d != 1 {
		t.Fatalf("counts %+v %+v", a.Grants, a.Refusals)
	}
	if a.LastGrant.Time != ago(2*time.Hour) || !reflect.DeepEqual(a.LastGrant.ScopesGranted, []string{"fr:am:*"}) {
		t.Fatalf("last grant %+v", a.LastGrant)
	}
	want := map[string]struct {
		requests int
		last     string
	}{"fr:am:*": {1, ago(2 * time.Hour)}, "fr:idc:esv:*": {2, ago(10 * 24 * time.Hour)}, "fr:idm:*": {0, ""}}
	for _, s := range a.Scopes {
		w := want[s.Scope]
		last := ""
		if s.LastRequested != nil {
			last = *s.LastRequested
		}
		if s.Requests != w.requests || s.Requested != (w.requests > 0) || last != w.last {
			t.Errorf("%s: %+v (last %q), want %+v", s.Scope, s, last, w)
		}
	}
	if len(a.Scopes) != 3 {
		t.Fatalf("scopes %+v", a.Scopes)
	}
}

// Administrator sign-ins, successful or not, are recorded with the user name
// and the client address; so is the authorization code grant that follows.
func TestSignInsAreRecorded(t *testing.T) {
	tn, _ := tkTenant(t)
	hash, _ := bcrypt.GenerateFromPassword([]byte("correct horse"), bcrypt.MinCost)
	if err := tn.store.AddAdmin(context.Background(), store.Admin{Username: "alice", Role: store.RoleTenantAdmin, PasswordHash: string(hash)}); err != nil {
		t.Fatal(err)
	}
	login := func(user, pass string) int {
		r := httptest.NewRequest("POST", "/am/json/realms/root/authenticate", strings.NewReader("{}"))
		r.RemoteAddr = "198.51.100.7:4242"
		r.Header.Set("X-OpenAM-Username", user)
		r.Header.Set("X-OpenAM-Password", pass)
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		tn.Handler().ServeHTTP(w, r)
		return w.Code
	}
	if c := login("alice", "wrong password"); c != 401 {
		t.Fatalf("wrong password: %d", c)
	}
	if c := login("mallory", "whatever1"); c != 401 {
		t.Fatalf("unknown user: %d", c)
	}
	if c := login("alice", "correct horse"); c != 200 {
		t.Fatalf("sign-in: %d", c)
	}
	events := auditEvents(t, tn)
	want := []struct{ actor, action, outcome string }{
		{"alice", audit.ActionSignInFailed, audit.OutcomeFailure},
		{"mallory", audit.ActionSignInFailed, audit.OutcomeFailure},
		{"alice", audit.ActionSignIn, audit.OutcomeSuccess},
	}
	if len(events) != len(want) {
		t.Fatalf("%d events: %+v", len(events), events)
	}
	for i, w := range want {
		e := events[i]
		if e.Actor != w.actor || e.Action != w.action || e.Outcome != w.outcome || e.ClientAddress != "198.51.100.7" || e.ActorKind != audit.ActorAdmin {
			t.Errorf("event %d = %+v, want %+v", i, e, w)
		}
	}
}

// jwt is used by the tokens helpers; keep the import honest here too.
var _ = jwt.MapClaims{}
var _ = http.StatusOK
