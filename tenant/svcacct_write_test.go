package tenant_test

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/pingclone/aic-console/tenant/tenanttest"
)

func etag(obj map[string]any) string { return `"` + obj["_rev"].(string) + `"` }

func TestSvcAcctReplace(t *testing.T) {
	f := tenanttest.New(t)
	tok := adminToken(t, f)
	obj := create(t, f, validBody(t, "before"))
	id := obj["_id"].(string)

	body := validBody(t, "after")
	body["description"] = nil
	body["accountStatus"] = "Inactive"
	body["scopes"] = []string{"fr:idc:esv:read"}
	res := f.Do(t, "PUT", svcacctPath+"/"+id, tok, body, "If-Match", etag(obj))
	wantStatus(t, res, 200)
	got := res.Object(t)
	if got["_id"] != id || got["_rev"] == obj["_rev"] || got["name"] != "after" || got["description"] != nil ||
		got["accountStatus"] != "inactive" || len(got["scopes"].([]any)) != 1 {
		t.Fatalf("replace answered %s", res.Body)
	}
	if res.Header.Get("ETag") != etag(got) {
		t.Errorf("ETag %q", res.Header.Get("ETag"))
	}

	t.Run("stale If-Match is 412", func(t *testing.T) {
		res := f.Do(t, "PUT", svcacctPath+"/"+id, tok, validBody(t, "lost"), "If-Match", etag(obj))
		wantStatus(t, res, 412)
		if o := res.Object(t); o["reason"] != "Precondition Failed" {
			t.Errorf("body %s", res.Body)
		}
	})
	t.Run("GET-modify-PUT of the whole object works", func(t *testing.T) {
		cur := f.Do(t, "GET", svcacctPath+"/"+id, tok, nil).Object(t)
		cur["name"] = "round-trip"
		res := f.Do(t, "PUT", svcacctPath+"/"+id, tok, cur, "If-Match", etag(cur))
		wantStatus(t, res, 200)
	})
	t.Run("If-None-Match * on an existing id is 412", func(t *testing.T) {
		wantStatus(t, f.Do(t, "PUT", svcacctPath+"/"+id, tok, validBody(t, "x"), "If-None-Match", "*"), 412)
	})
	t.Run("body _id must match the path", func(t *testing.T) {
		b := validBody(t, "x")
		b["_id"] = "11111111-1111-4111-8111-111111111111"
		res := f.Do(t, "PUT", svcacctPath+"/"+id, tok, b)
		wantStatus(t, res, 400)
	})
	t.Run("bad body is 400 and changes nothing", func(t *testing.T) {
		before := f.Do(t, "GET", svcacctPath+"/"+id, tok, nil).Object(t)
		b := validBody(t, "x")
		b["scopes"] = []string{"fr:idc:federation:*"}
		wantStatus(t, f.Do(t, "PUT", svcacctPath+"/"+id, tok, b), 400)
		after := f.Do(t, "GET", svcacctPath+"/"+id, tok, nil).Object(t)
		if after["_rev"] != before["_rev"] {
			t.Errorf("a refused PUT changed the record")
		}
	})
	t.Run("PUT to an unused UUID creates it", func(t *testing.T) {
		newID := "3f1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b"
		res := f.Do(t, "PUT", svcacctPath+"/"+newID, tok, validBody(t, "imported"), "If-None-Match", "*")
		wantStatus(t, res, 201)
		if res.Header.Get("Location") != f.BaseURL+svcacctPath+"/"+newID || res.Object(t)["_id"] != newID {
			t.Errorf("created %s, Location %q", res.Body, res.Header.Get("Location"))
		}
	})
	t.Run("PUT to an unused non-UUID id is 404", func(t *testing.T) {
		wantStatus(t, f.Do(t, "PUT", svcacctPath+"/not-a-uuid", tok, validBody(t, "x")), 404)
	})
	t.Run("PUT with If-Match to an unused id is 404", func(t *testing.T) {
		wantStatus(t, f.Do(t, "PUT", svcacctPath+"/9f1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b", tok, validBody(t, "x"), "If-Match", `"abc"`), 404)
	})
}

func TestSvcAcctPatch(t *testing.T) {
	f := tenanttest.New(t)
	tok := adminToken(t, f)
	obj := create(t, f, validBody(t, "patchable"))
	id := obj["_id"].(string)
	patch := func(t *testing.T, ops string, header ...string) tenanttest.Response {
		return f.Do(t, "PATCH", svcacctPath+"/"+id, tok, ops, header...)
	}

	res := patch(t, `[{"operation":"replace","field":"/accountStatus","value":"inactive"}]`, "If-Match", etag(obj))
	wantStatus(t, res, 200)
	got := res.Object(t)
	if got["accountStatus"] != "inactive" || got["_rev"] == obj["_rev"] || got["name"] != "patchable" {
		t.Fatalf("patch answered %s", res.Body)
	}
	if res.Header.Get("ETag") != etag(got) {
		t.Errorf("ETag %q", res.Header.Get("ETag"))
	}

	cases := []struct {
		name, ops string
		status    int
		check     func(t *testing.T, o map[string]any)
	}{
		{"replace name (field without slash)", `[{"operation":"replace","field":"name","value":"  renamed "}]`, 200,
			func(t *testing.T, o map[string]any) {
				if o["name"] != "renamed" {
					t.Errorf("name %v", o["name"])
				}
			}},
		{"add scope appends", `[{"operation":"add","field":"/scopes","value":"fr:iga:*"}]`, 200,
			func(t *testing.T, o map[string]any) {
				if s, _ := json.Marshal(o["scopes"]); string(s) != `["fr:am:*","fr:idm:*","fr:idc:esv:*","fr:iga:*"]` {
					t.Errorf("scopes %s", s)
				}
			}},
		{"add /scopes/- appends, duplicates collapse", `[{"operation":"add","field":"/scopes/-","value":"fr:am:*"}]`, 200,
			func(t *testing.T, o map[string]any) {
				if len(o["scopes"].([]any)) != 4 {
					t.Errorf("scopes %v", o["scopes"])
				}
			}},
		{"remove a scope by value", `[{"operation":"remove","field":"/scopes","value":"fr:iga:*"}]`, 200,
			func(t *testing.T, o map[string]any) {
				if len(o["scopes"].([]any)) != 3 {
					t.Errorf("scopes %v", o["scopes"])
				}
			}},
		{"remove description makes it null", `[{"operation":"remove","field":"/description"}]`, 200,
			func(t *testing.T, o map[string]any) {
				if v, ok := o["description"]; !ok || v != nil {
					t.Errorf("description %v", v)
				}
			}},
		{"add description", `[{"operation":"add","field":"/description","value":"again"}]`, 200,
			func(t *testing.T, o map[string]any) {
				if o["description"] != "again" {
					t.Errorf("description %v", o["description"])
				}
			}},
		{"several operations at once", `[{"operation":"replace","field":"/accountStatus","value":"Active"},{"operation":"replace","field":"/scopes","value":["fr:idm:*"]}]`, 200,
			func(t *testing.T, o map[string]any) {
				if o["accountStatus"] != "active" || len(o["scopes"].([]any)) != 1 {
					t.Errorf("object %v", o)
				}
			}},
		{"remove the last scope is refused", `[{"operation":"remove","field":"/scopes"}]`, 400, nil},
		{"restricted scope is refused", `[{"operation":"add","field":"/scopes","value":"fr:idc:federation:*"}]`, 400, nil},
		{"remove name is refused", `[{"operation":"remove","field":"/name"}]`, 400, nil},
		{"unknown field is refused", `[{"operation":"add","field":"/colour","value":"blue"}]`, 400, nil},
		{"_id cannot be patched", `[{"operation":"replace","field":"/_id","value":"x"}]`, 400, nil},
		{"nested field is refused", `[{"operation":"replace","field":"/scopes/0","value":"fr:am:*"}]`, 400, nil},
		{"unsupported operation", `[{"operation":"increment","field":"/quotaLimit","value":1}]`, 400, nil},
		{"operation missing", `[{"field":"/name","value":"x"}]`, 400, nil},
		{"unknown operation member", `[{"operation":"replace","field":"/name","value":"x","from":"/a"}]`, 400, nil},
		{"not an array", `{"operation":"replace","field":"/name","value":"x"}`, 400, nil},
		{"malformed JSON", `[{"operation":`, 400, nil},
		{"private key in jwks", `[{"operation":"replace","field":"/jwks","value":"{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\",\"d\":\"AQAB\"}]}"}]`, 400, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := f.Do(t, "GET", svcacctPath+"/"+id, tok, nil).Object(t)
			res := patch(t, c.ops)
			wantStatus(t, res, c.status)
			o := res.Object(t)
			if c.check != nil {
				c.check(t, o)
			}
			if c.status != 200 {
				if o["code"] != float64(c.status) {
					t.Errorf("not a CREST error: %s", res.Body)
				}
				if after := f.Do(t, "GET", svcacctPath+"/"+id, tok, nil).Object(t); after["_rev"] != before["_rev"] {
					t.Errorf("a refused PATCH changed the record")
				}
			}
		})
	}

	t.Run("stale If-Match is 412", func(t *testing.T) {
		wantStatus(t, patch(t, `[{"operation":"replace","field":"/name","value":"x"}]`, "If-Match", etag(obj)), 412)
	})
	t.Run("missing id is 404", func(t *testing.T) {
		res := f.Do(t, "PATCH", svcacctPath+"/0b1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b", tok, `[{"operation":"replace","field":"/name","value":"x"}]`)
		wantStatus(t, res, 404)
	})
}

func TestSvcAcctDelete(t *testing.T) {
	f := tenanttest.New(t)
	tok := adminToken(t, f)
	obj := create(t, f, validBody(t, "doomed"))
	id := obj["_id"].(string)

	wantStatus(t, f.Do(t, "DELETE", svcacctPath+"/"+id, tok, nil, "If-Match", `"stale-rev"`), 412)
	wantStatus(t, f.Do(t, "GET", svcacctPath+"/"+id, tok, nil), 200)

	res := f.Do(t, "DELETE", svcacctPath+"/"+id, tok, nil, "If-Match", etag(obj))
	wantStatus(t, res, 200)
	if got := res.Object(t); got["_id"] != id || got["name"] != "doomed" || got["_rev"] != obj["_rev"] {
		t.Errorf("delete answered %s", res.Body)
	}
	wantStatus(t, f.Do(t, "GET", svcacctPath+"/"+id, tok, nil), 404)
	wantStatus(t, f.Do(t, "DELETE", svcacctPath+"/"+id, tok, nil), 404)
	wantStatus(t, f.Do(t, "PATCH", svcacctPath+"/"+id, tok, `[]`), 404)
}

// TestSvcAcctConcurrentPatchesOneWins sends several PATCHes with the same
// If-Match at once: exactly one may succeed, every other gets 412.
func TestSvcAcctConcurrentPatchesOneWins(t *testing.T) {
	f := tenanttest.New(t)
	tok := adminToken(t, f)
	obj := create(t, f, validBody(t, "contended"))
	id := obj["_id"].(string)

	const n = 8
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ops := `[{"operation":"replace","field":"/description","value":"writer ` + string(rune('A'+i)) + `"}]`
			statuses[i] = f.Do(t, "PATCH", svcacctPath+"/"+id, tok, ops, "If-Match", etag(obj)).Status
		}()
	}
	wg.Wait()
	won, lost := 0, 0
	for _, s := range statuses {
		switch s {
		case 200:
			won++
		case 412:
			lost++
		}
	}
	if won != 1 || lost != n-1 {
		t.Fatalf("statuses %v: want exactly one 200 and %d 412", statuses, n-1)
	}
}

// TestSvcAcctPersistsAcrossRestart closes the tenant and opens a new one on
// the same data folder.
func TestSvcAcctPersistsAcrossRestart(t *testing.T) {
	f := tenanttest.New(t)
	tok := adminToken(t, f)
	obj := create(t, f, validBody(t, "durable"))
	id := obj["_id"].(string)
	res := f.Do(t, "PATCH", svcacctPath+"/"+id, tok, `[{"operation":"replace","field":"/accountStatus","value":"inactive"}]`)
	wantStatus(t, res, 200)
	patched := res.Object(t)
	gone := create(t, f, validBody(t, "deleted"))
	wantStatus(t, f.Do(t, "DELETE", svcacctPath+"/"+gone["_id"].(string), tok, nil), 200)

	f.Reopen(t)

	res = f.Do(t, "GET", svcacctPath+"/"+id, tok, nil)
	wantStatus(t, res, 200)
	if string(mustJSON(res.Object(t))) != string(mustJSON(patched)) {
		t.Errorf("after restart %s, before %v", res.Body, patched)
	}
	wantStatus(t, f.Do(t, "GET", svcacctPath+"/"+gone["_id"].(string), tok, nil), 404)
}
