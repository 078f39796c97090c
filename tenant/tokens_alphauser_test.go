package tenant

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestAlphaUserQuery(t *testing.T) {
	tn, clock := tkTenant(t)
	idm, _ := tkScopedToken(t, tn, clock, "fr:idm:*")
	q := func(params string) tkAnswer {
		t.Helper()
		return tkJSON(t, tn, "GET", "/openidm/managed/alpha_user?"+params, idm, "")
	}
	ids := func(a tkAnswer) []string {
		var out []string
		for _, r := range a.JSON["result"].([]any) {
			out = append(out, r.(map[string]any)["userName"].(string))
		}
		return out
	}
	if a := q("_queryFilter=true&_sortKeys=userName"); a.Status != 200 || strings.Join(ids(a), ",") != "bjensen,jdoe,kvaughan,scarter" || a.JSON["resultCount"] != float64(4) {
		t.Fatalf("all: %d %s", a.Status, a.Body)
	}
	if a := q("_queryFilter=" + url.QueryEscape(`userName eq "bjensen"`)); len(ids(a)) != 1 || a.JSON["result"].([]any)[0].(map[string]any)["givenName"] != "Barbara" {
		t.Fatalf("eq: %s", a.Body)
	}
	if a := q("_queryFilter=" + url.QueryEscape(`accountStatus eq "inactive"`)); strings.Join(ids(a), ",") != "jdoe" {
		t.Fatalf("status: %s", a.Body)
	}
	if a := q("_queryFilter=" + url.QueryEscape(`givenName sw "k" or sn co "ART"`) + "&_sortKeys=-userName"); strings.Join(ids(a), ",") != "scarter,kvaughan" {
		t.Fatalf("sw/co/or/sort: %s", a.Body)
	}
	a := q("_queryFilter=true&_fields=userName&_pageSize=3&_sortKeys=userName")
	if a.Status != 200 || len(ids(a)) != 3 || a.JSON["pagedResultsCookie"] == nil {
		t.Fatalf("page 1: %s", a.Body)
	}
	if first := a.JSON["result"].([]any)[0].(map[string]any); first["mail"] != nil || first["_id"] == nil || first["_rev"] == nil {
		t.Fatalf("_fields not applied: %v", first)
	}
	a = q("_queryFilter=true&_fields=userName&_pageSize=3&_sortKeys=userName&_pagedResultsCookie=" + url.QueryEscape(a.JSON["pagedResultsCookie"].(string)))
	if strings.Join(ids(a), ",") != "scarter" || a.JSON["pagedResultsCookie"] != nil {
		t.Fatalf("page 2: %s", a.Body)
	}
	for _, bad := range []string{"", "_queryFilter=" + url.QueryEscape(`password eq "x"`), "_queryFilter=" + url.QueryEscape(`userName eq`)} {
		if a := q(bad); a.Status != 400 || a.JSON["code"] != float64(400) {
			t.Errorf("%q: %d %s", bad, a.Status, a.Body)
		}
	}
}

func TestAlphaUserLifecycle(t *testing.T) {
	tn, clock := tkTenant(t)
	idm, _ := tkScopedToken(t, tn, clock, "fr:idm:*")
	a := tkJSON(t, tn, "POST", "/openidm/managed/alpha_user?_action=create", idm,
		`{"userName":"asmith","givenName":"Alice","sn":"Smith","mail":"asmith@example.com","password":"Secret-123"}`)
	if a.Status != 201 || a.JSON["accountStatus"] != "active" || a.Header.Get("ETag") == "" || !strings.HasSuffix(a.Header.Get("Location"), "/openidm/managed/alpha_user/"+a.JSON["_id"].(string)) {
		t.Fatalf("create: %d %v %s", a.Status, a.Header, a.Body)
	}
	if strings.Contains(a.Body, "password") || strings.Contains(a.Body, "$2a$") {
		t.Fatalf("password returned: %s", a.Body)
	}
	id, rev := a.JSON["_id"].(string), a.JSON["_rev"].(string)
	path := "/openidm/managed/alpha_user/" + id

	for _, bad := range []struct {
		name, body string
		status     int
	}{
		{"duplicate userName", `{"userName":"asmith","givenName":"A","sn":"S","mail":"a@example.com"}`, 409},
		{"missing mail", `{"userName":"x1","givenName":"A","sn":"S"}`, 400},
		{"bad mail", `{"userName":"x1","givenName":"A","sn":"S","mail":"nope"}`, 400},
		{"unknown property", `{"userName":"x1","givenName":"A","sn":"S","mail":"a@example.com","shoeSize":"44"}`, 400},
		{"wrong type", `{"userName":"x1","givenName":5,"sn":"S","mail":"a@example.com"}`, 400},
		{"short password", `{"userName":"x1","givenName":"A","sn":"S","mail":"a@example.com","password":"x"}`, 400},
		{"bad status", `{"userName":"x1","givenName":"A","sn":"S","mail":"a@example.com","accountStatus":"gone"}`, 400},
		{"not JSON", `{"userName":`, 400},
	} {
		if a := tkJSON(t, tn, "POST", "/openidm/managed/alpha_user?_action=create", idm, bad.body); a.Status != bad.status || a.JSON["code"] != float64(bad.status) {
			t.Errorf("%s: %d %s", bad.name, a.Status, a.Body)
		}
	}

	if a := tkJSON(t, tn, "GET", path+"?_fields=mail", idm, ""); a.Status != 200 || a.JSON["mail"] != "asmith@example.com" || a.JSON["sn"] != nil {
		t.Fatalf("read with _fields: %s", a.Body)
	}
	replace := `{"userName":"asmith","givenName":"Alicia","sn":"Smith","mail":"asmith@example.com"}`
	r := httpReq(t, tn, "PUT", path, idm, replace, map[string]string{"If-Match": `"stale"`})
	if r.Status != 412 {
		t.Fatalf("stale If-Match: %d %s", r.Status, r.Body)
	}
	r = httpReq(t, tn, "PUT", path, idm, replace, map[string]string{"If-Match": `"` + rev + `"`})
	if r.Status != 200 || r.JSON["givenName"] != "Alicia" || r.JSON["_rev"] == rev {
		t.Fatalf("replace: %d %s", r.Status, r.Body)
	}
	a = tkJSON(t, tn, "PATCH", path, idm, `[{"operation":"replace","field":"/accountStatus","value":"inactive"}]`)
	if a.Status != 200 || a.JSON["accountStatus"] != "inactive" || a.JSON["givenName"] != "Alicia" {
		t.Fatalf("patch: %d %s", a.Status, a.Body)
	}
	if a := tkJSON(t, tn, "PATCH", path, idm, `[{"operation":"remove","field":"/mail"}]`); a.Status != 400 {
		t.Fatalf("patch removing a required property: %d %s", a.Status, a.Body)
	}
	if a := tkJSON(t, tn, "DELETE", path, idm, ""); a.Status != 200 || a.JSON["userName"] != "asmith" {
		t.Fatalf("delete: %d %s", a.Status, a.Body)
	}
	if a := tkJSON(t, tn, "GET", path, idm, ""); a.Status != 404 || a.JSON["reason"] != "Not Found" {
		t.Fatalf("read deleted: %d %s", a.Status, a.Body)
	}
	if a := tkJSON(t, tn, "POST", "/openidm/managed/alpha_user?_action=delete", idm, `{}`); a.Status != 400 {
		t.Fatalf("unknown action: %d %s", a.Status, a.Body)
	}
}

func httpReq(t *testing.T, tn *Tenant, method, path, bearer, body string, headers map[string]string) tkAnswer {
	t.Helper()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range headers {
			r.Header.Set(k, v)
		}
		tn.Handler().ServeHTTP(w, r)
	})
	return tkDo(t, h, method, path, bearer, strings.NewReader(body), "application/json")
}
