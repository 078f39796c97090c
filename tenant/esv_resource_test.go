package tenant

import (
	"net/url"
	"strings"
	"testing"

	"github.com/pingclone/aic-console/tenant/store"
)

// What variables and secrets share (esvResource): the same rules for both.
func TestESVSharedOperationsForBothKinds(t *testing.T) {
	for _, kind := range []struct{ path, noun, body string }{
		{"/environment/variables", "variable", `{"valueBase64":"NQ==","expressionType":"int"}`},
		{"/environment/secrets", "secret", `{"valueBase64":"c2VjcmV0"}`},
	} {
		t.Run(kind.noun, func(t *testing.T) {
			tn, _ := tkTenant(t)
			admin := tkAdminToken(t, tn, "root", store.RoleTenantAdmin)
			for _, id := range []string{"esv-zz1", "esv-zz2", "esv-zz3"} {
				if a := tkJSON(t, tn, "PUT", kind.path+"/"+id, admin, kind.body); a.Status != 201 {
					t.Fatalf("create %s: %d %s", id, a.Status, a.Body)
				}
			}

			// Paging by _id with the cookie of the previous page.
			var seen []string
			next := kind.path + "?_pageSize=2"
			for pages := 0; next != ""; pages++ {
				if pages > 5 {
					t.Fatal("paging does not end")
				}
				a := tkJSON(t, tn, "GET", next, admin, "")
				if a.Status != 200 {
					t.Fatalf("list: %d %s", a.Status, a.Body)
				}
				for _, r := range a.JSON["result"].([]any) {
					if id := r.(map[string]any)["_id"].(string); strings.HasPrefix(id, "esv-zz") {
						seen = append(seen, id)
					}
				}
				next = ""
				if c, ok := a.JSON["pagedResultsCookie"].(string); ok {
					next = kind.path + "?_pageSize=2&_pagedResultsCookie=" + url.QueryEscape(c)
				}
			}
			if strings.Join(seen, ",") != "esv-zz1,esv-zz2,esv-zz3" {
				t.Fatalf("paged through %v", seen)
			}

			cases := []struct {
				name, method, path, body string
				status                   int
				want                     string
			}{
				{"set description", "POST", "/esv-zz1?_action=setDescription", `{"description":"new words"}`, 200, `"description":"new words"`},
				{"unknown action", "POST", "/esv-zz1?_action=rotate", `{"description":"x"}`, 400, "supports setDescription"},
				{"description missing", "POST", "/esv-zz1?_action=setDescription", `{}`, 400, "description is required"},
				{"description too long", "POST", "/esv-zz1?_action=setDescription", `{"description":"` + strings.Repeat("d", 1001) + `"}`, 400, "at most 1000"},
				{"body not JSON", "POST", "/esv-zz1?_action=setDescription", `nope`, 400, "JSON object"},
				{"describe unknown", "POST", "/esv-none?_action=setDescription", `{"description":"x"}`, 404, "The " + kind.noun + " esv-none does not exist"},
				{"read unknown", "GET", "/esv-none", "", 404, "The " + kind.noun + " esv-none does not exist"},
				{"delete unknown", "DELETE", "/esv-none", "", 404, "The " + kind.noun + " esv-none does not exist"},
				{"bad cookie", "GET", "?_pagedResultsCookie=%25%25", "", 400, "_pagedResultsCookie"},
				{"delete", "DELETE", "/esv-zz2", "", 200, `"_id":"esv-zz2"`},
				{"read deleted", "GET", "/esv-zz2", "", 404, "does not exist"},
			}
			for _, c := range cases {
				a := tkJSON(t, tn, c.method, kind.path+c.path, admin, c.body)
				if a.Status != c.status || !strings.Contains(a.Body, c.want) {
					t.Errorf("%s: %d %s, want %d with %q", c.name, a.Status, a.Body, c.status, c.want)
				}
			}
		})
	}
}
