package tenant_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pingclone/aic-console/tenant/tenanttest"
)

func TestSvcAcctCreateReturnsObjectETagAndLocation(t *testing.T) {
	f := tenanttest.New(t)
	res := f.Do(t, "POST", svcacctPath+"?_action=create", adminToken(t, f), validBody(t, "  ci-pipeline  "))
	wantStatus(t, res, 201)
	obj := res.Object(t)
	id, _ := obj["_id"].(string)
	rev, _ := obj["_rev"].(string)
	if len(id) != 36 || rev == "" {
		t.Fatalf("_id %q, _rev %q", id, rev)
	}
	if got := res.Header.Get("ETag"); got != `"`+rev+`"` {
		t.Errorf("ETag = %q, want %q", got, `"`+rev+`"`)
	}
	if got, want := res.Header.Get("Location"), f.BaseURL+svcacctPath+"/"+id; got != want {
		t.Errorf("Location = %q, want %q", got, want)
	}
	want := map[string]any{
		"name": "ci-pipeline", "description": "service account", "accountStatus": "active",
		"maxCachingTime": "15", "maxIdleTime": "15", "maxSessionTime": "15", "quotaLimit": "5",
		"jwks": publicJWKS(t),
	}
	for k, v := range want {
		if obj[k] != v {
			t.Errorf("%s = %#v, want %#v", k, obj[k], v)
		}
	}
	if s, _ := json.Marshal(obj["scopes"]); string(s) != `["fr:am:*","fr:idm:*","fr:idc:esv:*"]` {
		t.Errorf("scopes = %s", s)
	}
	if len(obj) != 11 {
		t.Errorf("object has %d members, want 11: %v", len(obj), obj)
	}
}

func TestSvcAcctReadWithFields(t *testing.T) {
	f := tenanttest.New(t)
	created := create(t, f, validBody(t, "reader"))
	id := created["_id"].(string)

	res := f.Do(t, "GET", svcacctPath+"/"+id, adminToken(t, f), nil)
	wantStatus(t, res, 200)
	if got := res.Object(t); got["name"] != "reader" || got["_rev"] != created["_rev"] {
		t.Errorf("read = %v", got)
	}
	if res.Header.Get("ETag") != `"`+created["_rev"].(string)+`"` {
		t.Errorf("ETag = %q", res.Header.Get("ETag"))
	}

	res = f.Do(t, "GET", svcacctPath+"/"+id+"?_fields=name,scopes", adminToken(t, f), nil)
	wantStatus(t, res, 200)
	got := res.Object(t)
	if len(got) != 4 || got["name"] != "reader" || got["scopes"] == nil || got["_id"] != id || got["_rev"] == nil {
		t.Errorf("_fields=name,scopes gave %v", got)
	}
	res = f.Do(t, "GET", svcacctPath+"/"+id+"?_fields=*", adminToken(t, f), nil)
	if got := res.Object(t); len(got) != 11 {
		t.Errorf("_fields=* gave %v", got)
	}

	res = f.Do(t, "GET", svcacctPath+"/"+id, adminToken(t, f), nil, "If-None-Match", `"`+created["_rev"].(string)+`"`)
	wantStatus(t, res, 304)

	res = f.Do(t, "GET", svcacctPath+"/00000000-0000-4000-8000-000000000000", adminToken(t, f), nil)
	wantStatus(t, res, 404)
	if obj := res.Object(t); obj["code"] != float64(404) || obj["reason"] != "Not Found" {
		t.Errorf("404 body %v", obj)
	}
}

func TestSvcAcctQueryTrue(t *testing.T) {
	f := tenanttest.New(t)
	create(t, f, validBody(t, "b-account"))
	create(t, f, validBody(t, "a-account"))
	res := f.Do(t, "GET", svcacctPath+"?_queryFilter=true&_sortKeys=name&_fields=name", adminToken(t, f), nil)
	wantStatus(t, res, 200)
	var env struct {
		Result                  []map[string]any `json:"result"`
		ResultCount             int              `json:"resultCount"`
		PagedResultsCookie      *string          `json:"pagedResultsCookie"`
		TotalPagedResultsPolicy string           `json:"totalPagedResultsPolicy"`
		TotalPagedResults       int              `json:"totalPagedResults"`
		RemainingPagedResults   int              `json:"remainingPagedResults"`
	}
	res.JSON(t, &env)
	if env.ResultCount != 2 || len(env.Result) != 2 || env.Result[0]["name"] != "a-account" ||
		env.PagedResultsCookie != nil || env.TotalPagedResultsPolicy != "NONE" ||
		env.TotalPagedResults != -1 || env.RemainingPagedResults != -1 {
		t.Errorf("envelope %s", res.Body)
	}
	if !strings.Contains(string(res.Body), `"pagedResultsCookie":null`) {
		t.Errorf("cookie must be null: %s", res.Body)
	}
}
