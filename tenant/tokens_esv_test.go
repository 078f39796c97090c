package tenant

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pingclone/aic-console/tenant/store"
)

func TestESVVariableLifecycle(t *testing.T) {
	tn, _ := tkTenant(t)
	admin := tkAdminToken(t, tn, "root", store.RoleTenantAdmin)
	a := tkJSON(t, tn, "PUT", "/environment/variables/esv-retries", admin, `{"valueBase64":"Mw==","description":"Retries","expressionType":"int"}`)
	if a.Status != 201 || a.JSON["_id"] != "esv-retries" || a.JSON["expressionType"] != "int" || a.JSON["loaded"] != false || a.JSON["lastChangeDate"] == "" {
		t.Fatalf("create: %d %s", a.Status, a.Body)
	}
	if a := tkJSON(t, tn, "GET", "/environment/variables/esv-retries", admin, ""); a.Status != 200 || a.JSON["valueBase64"] != "Mw==" {
		t.Fatalf("read: %d %s", a.Status, a.Body)
	}
	if a := tkJSON(t, tn, "POST", "/environment/variables/esv-retries?_action=setDescription", admin, `{"description":"How often"}`); a.Status != 200 || a.JSON["description"] != "How often" {
		t.Fatalf("setDescription: %d %s", a.Status, a.Body)
	}
	if a := tkJSON(t, tn, "PUT", "/environment/variables/esv-retries", admin, `{"valueBase64":"NQ=="}`); a.Status != 200 || a.JSON["expressionType"] != "int" || a.JSON["description"] != "How often" {
		t.Fatalf("replace: %d %s", a.Status, a.Body)
	}
	if a := tkJSON(t, tn, "PUT", "/environment/variables/esv-retries", admin, `{"valueBase64":"NQ==","expressionType":"string"}`); a.Status != 400 || a.JSON["detail"] == nil {
		t.Fatalf("change expressionType: %d %s", a.Status, a.Body)
	}
	if a := tkJSON(t, tn, "DELETE", "/environment/variables/esv-retries", admin, ""); a.Status != 200 || a.JSON["valueBase64"] != "NQ==" {
		t.Fatalf("delete: %d %s", a.Status, a.Body)
	}
	if a := tkJSON(t, tn, "GET", "/environment/variables/esv-retries", admin, ""); a.Status != 404 || a.JSON["reason"] != "Not Found" {
		t.Fatalf("read deleted: %d %s", a.Status, a.Body)
	}
	if a := tkJSON(t, tn, "DELETE", "/environment/variables/esv-retries", admin, ""); a.Status != 404 {
		t.Fatalf("delete again: %d %s", a.Status, a.Body)
	}
}

func TestESVVariableValidation(t *testing.T) {
	tn, _ := tkTenant(t)
	admin := tkAdminToken(t, tn, "root", store.RoleTenantAdmin)
	long := "esv-" + strings.Repeat("a", 120)
	cases := []struct {
		name, id, body string
		status         int
	}{
		{"upper case id", "ESV-X", `{"valueBase64":"eA=="}`, 400},
		{"no prefix", "var-x", `{"valueBase64":"eA=="}`, 400},
		{"underscore", "esv-a_b", `{"valueBase64":"eA=="}`, 400},
		{"only prefix", "esv-", `{"valueBase64":"eA=="}`, 400},
		{"125 characters", long + "a", `{"valueBase64":"eA=="}`, 400},
		{"124 characters", long, `{"valueBase64":"eA=="}`, 201},
		{"missing value", "esv-x", `{"description":"d"}`, 400},
		{"bad base64", "esv-x", `{"valueBase64":"***"}`, 400},
		{"unknown type", "esv-x", `{"valueBase64":"eA==","expressionType":"float"}`, 400},
		{"int not int", "esv-x", `{"valueBase64":"` + b64std("abc") + `","expressionType":"int"}`, 400},
		{"bool", "esv-flag", `{"valueBase64":"` + b64std("true") + `","expressionType":"bool"}`, 201},
		{"bool not bool", "esv-x", `{"valueBase64":"` + b64std("yes") + `","expressionType":"bool"}`, 400},
		{"array", "esv-list", `{"valueBase64":"` + b64std(`["a","b"]`) + `","expressionType":"array"}`, 201},
		{"object not object", "esv-x", `{"valueBase64":"` + b64std(`[1]`) + `","expressionType":"object"}`, 400},
		{"wrong member type", "esv-x", `{"valueBase64":5}`, 400},
		{"body not JSON", "esv-x", `valueBase64=eA==`, 400},
		{"body an array", "esv-x", `[{"valueBase64":"eA=="}]`, 400},
		{"description too long", "esv-x", `{"valueBase64":"eA==","description":"` + strings.Repeat("d", 1001) + `"}`, 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := tkJSON(t, tn, "PUT", "/environment/variables/"+tc.id, admin, tc.body)
			if a.Status != tc.status {
				t.Fatalf("%d %s, want %d", a.Status, a.Body, tc.status)
			}
			if tc.status == 400 && (a.JSON["code"] != float64(400) || a.JSON["message"] == "") {
				t.Fatalf("not a CREST 400: %s", a.Body)
			}
		})
	}
	if a := tkJSON(t, tn, "POST", "/environment/variables/esv-flag?_action=rename", admin, `{}`); a.Status != 400 {
		t.Errorf("unknown action: %d %s", a.Status, a.Body)
	}
	if a := tkJSON(t, tn, "PATCH", "/environment/variables/esv-flag", admin, `[]`); a.Status != 405 || a.JSON["code"] != float64(405) {
		t.Errorf("PATCH: %d %s", a.Status, a.Body)
	}
}

func TestESVVariablePaging(t *testing.T) {
	tn, _ := tkTenant(t)
	admin := tkAdminToken(t, tn, "root", store.RoleTenantAdmin)
	for _, id := range []string{"esv-p1", "esv-p2", "esv-p3"} {
		if a := tkJSON(t, tn, "PUT", "/environment/variables/"+id, admin, `{"valueBase64":"eA=="}`); a.Status != 201 {
			t.Fatal(a.Body)
		}
	}
	var seen []string
	path := "/environment/variables?_pageSize=2"
	for range 10 {
		a := tkJSON(t, tn, "GET", path, admin, "")
		if a.Status != 200 || a.JSON["totalPagedResults"] != float64(-1) {
			t.Fatalf("page: %d %s", a.Status, a.Body)
		}
		for _, item := range a.JSON["result"].([]any) {
			seen = append(seen, item.(map[string]any)["_id"].(string))
		}
		cookie, _ := a.JSON["pagedResultsCookie"].(string)
		if cookie == "" {
			break
		}
		path = "/environment/variables?_pageSize=2&_pagedResultsCookie=" + cookie
	}
	// 3 seeded variables plus 3 new ones, each once, in _id order.
	if len(seen) != 6 || seen[0] != "esv-allowed-origins" || seen[1] != "esv-p1" || seen[5] != "esv-tenant-fqdn" {
		t.Fatalf("paged ids: %v", seen)
	}
}

func TestESVSecretsNeverShowTheirValue(t *testing.T) {
	tn, _ := tkTenant(t)
	admin := tkAdminToken(t, tn, "root", store.RoleTenantAdmin)
	const plain = "s3cr3t-value-never-shown"
	val := base64.StdEncoding.EncodeToString([]byte(plain))
	var bodies []string
	record := func(a tkAnswer) tkAnswer { bodies = append(bodies, a.Body); return a }

	a := record(tkJSON(t, tn, "PUT", "/environment/secrets/esv-db-password", admin, `{"valueBase64":"`+val+`","description":"DB","encoding":"generic","useInPlaceholders":false}`))
	if a.Status != 201 || a.JSON["activeVersion"] != "1" || a.JSON["useInPlaceholders"] != false || a.JSON["encoding"] != "generic" {
		t.Fatalf("create: %d %s", a.Status, a.Body)
	}
	record(tkJSON(t, tn, "GET", "/environment/secrets/esv-db-password", admin, ""))
	record(tkJSON(t, tn, "GET", "/environment/secrets", admin, ""))
	a = record(tkJSON(t, tn, "POST", "/environment/secrets/esv-db-password/versions?_action=create", admin, `{"valueBase64":"`+val+`"}`))
	if a.Status != 201 || a.JSON["version"] != "2" {
		t.Fatalf("new version: %d %s", a.Status, a.Body)
	}
	a = record(tkJSON(t, tn, "PUT", "/environment/secrets/esv-db-password", admin, `{"valueBase64":"`+val+`"}`))
	if a.Status != 200 || a.JSON["activeVersion"] != "3" {
		t.Fatalf("replace: %d %s", a.Status, a.Body)
	}
	a = record(tkJSON(t, tn, "GET", "/environment/secrets/esv-db-password/versions", admin, ""))
	if a.Status != 200 || strings.Count(a.Body, `"version"`) != 3 {
		t.Fatalf("versions: %d %s", a.Status, a.Body)
	}
	if a := tkJSON(t, tn, "PUT", "/environment/secrets/esv-db-password", admin, `{"valueBase64":"`+val+`","encoding":"pem"}`); a.Status != 400 {
		t.Fatalf("change encoding: %d %s", a.Status, a.Body)
	}
	if a := tkJSON(t, tn, "PUT", "/environment/secrets/esv-pem", admin, `{"valueBase64":"`+val+`","encoding":"pem"}`); a.Status != 400 {
		t.Fatalf("pem without PEM: %d %s", a.Status, a.Body)
	}
	record(tkJSON(t, tn, "POST", "/environment/secrets/esv-db-password?_action=setDescription", admin, `{"description":"x"}`))
	a = record(tkJSON(t, tn, "DELETE", "/environment/secrets/esv-db-password", admin, ""))
	if a.Status != 200 {
		t.Fatalf("delete: %d %s", a.Status, a.Body)
	}
	for _, b := range bodies {
		if strings.Contains(b, val) || strings.Contains(b, plain) || strings.Contains(b, "valueBase64") {
			t.Fatalf("a secret answer shows the value: %s", b)
		}
	}
	if a := tkJSON(t, tn, "GET", "/environment/secrets/esv-db-password/versions", admin, ""); a.Status != 404 {
		t.Fatalf("versions of deleted: %d %s", a.Status, a.Body)
	}
}

func TestRestartLoadsESVs(t *testing.T) {
	tn, clock := tkTenant(t)
	admin := tkAdminToken(t, tn, "root", store.RoleTenantAdmin)
	status := func() string {
		a := tkJSON(t, tn, "GET", "/environment/startup", admin, "")
		if a.Status != 200 {
			t.Fatalf("status: %d %s", a.Status, a.Body)
		}
		return a.JSON["restartStatus"].(string)
	}
	if s := status(); s != "ready" {
		t.Fatalf("new tenant: %s", s)
	}
	if a := tkJSON(t, tn, "GET", "/environment/variables/esv-tenant-fqdn", admin, ""); a.JSON["loaded"] != true {
		t.Fatalf("seeded variable not loaded: %s", a.Body)
	}
	tkJSON(t, tn, "PUT", "/environment/variables/esv-new", admin, `{"valueBase64":"eA=="}`)
	clock.Advance(time.Second)
	if a := tkJSON(t, tn, "POST", "/environment/startup?_action=restart", admin, ""); a.Status != 200 || a.JSON["restartStatus"] != "restarting" {
		t.Fatalf("restart: %d %s", a.Status, a.Body)
	}
	if s := status(); s != "restarting" {
		t.Fatalf("during restart: %s", s)
	}
	if a := tkJSON(t, tn, "GET", "/environment/variables/esv-new", admin, ""); a.JSON["loaded"] != false {
		t.Fatalf("loaded before the restart is over: %s", a.Body)
	}
	clock.Advance(RestartDuration)
	if s := status(); s != "ready" {
		t.Fatalf("after restart: %s", s)
	}
	if a := tkJSON(t, tn, "GET", "/environment/variables/esv-new", admin, ""); a.JSON["loaded"] != true {
		t.Fatalf("not loaded after the restart: %s", a.Body)
	}
	restart, ok, err := tn.store.LatestRestart(t.Context())
	if err != nil || !ok || restart.RequestedBy != "root" {
		t.Fatalf("restart not recorded: %+v %v %v", restart, ok, err)
	}
	if a := tkJSON(t, tn, "POST", "/environment/startup?_action=stop", admin, ""); a.Status != 400 {
		t.Fatalf("unknown action: %d %s", a.Status, a.Body)
	}
}

func TestCertificates(t *testing.T) {
	tn, clock := tkTenant(t)
	reader, _ := tkScopedToken(t, tn, clock, "fr:idc:certificate:read")
	a := tkJSON(t, tn, "GET", "/environment/certificates", reader, "")
	var items []map[string]any
	if err := tkUnmarshal(a.Body, &items); err != nil || a.Status != http.StatusOK || len(items) == 0 {
		t.Fatalf("list: %d %s", a.Status, a.Body)
	}
	id := items[0]["id"].(string)
	if items[0]["certificate"] != nil || items[0]["subject"] == "" || items[0]["live"] != true {
		t.Fatalf("list item: %v", items[0])
	}
	a = tkJSON(t, tn, "GET", "/environment/certificates/"+id, reader, "")
	if a.Status != 200 || !strings.HasPrefix(a.JSON["certificate"].(string), "-----BEGIN CERTIFICATE-----") {
		t.Fatalf("read: %d %s", a.Status, a.Body)
	}
	if strings.Contains(a.Body, "PRIVATE KEY") {
		t.Fatal("certificate answer holds a private key")
	}
	if a := tkJSON(t, tn, "GET", "/environment/certificates/nope", reader, ""); a.Status != 404 {
		t.Fatalf("unknown: %d %s", a.Status, a.Body)
	}
}
