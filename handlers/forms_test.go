package handlers

import (
	"net/url"
	"strings"
	"testing"

	"github.com/pingclone/aic-console/tenantapi"
	"github.com/pingclone/aic-console/views/model"
)

var testCatalogue = newCatalogue([]tenantapi.CatalogueScope{
	{Scope: "fr:am:*", Description: "Access to /am/* API endpoints", Group: "AM"},
	{Scope: "fr:idc:esv:*", Description: "ESV", Group: "Env", ChildScopes: []tenantapi.CatalogueScope{{Scope: "fr:idc:esv:read", Description: "read"}}},
	{Scope: "fr:iga:*", Description: "IGA"},
})

func TestValidate(t *testing.T) {
	cases := []struct {
		name       string
		form       url.Values
		withStatus bool
		errField   string // "" means valid
	}{
		{"valid", url.Values{"name": {" ok "}, "scopes": {"fr:am:*"}}, false, ""},
		{"child scope", url.Values{"name": {"ok"}, "scopes": {"fr:idc:esv:read"}}, false, ""},
		{"unicode name of 255", url.Values{"name": {strings.Repeat("é", 255)}, "scopes": {"fr:am:*"}}, false, ""},
		{"empty name", url.Values{"name": {"   "}, "scopes": {"fr:am:*"}}, false, model.FieldName},
		{"name of 256", url.Values{"name": {strings.Repeat("é", 256)}, "scopes": {"fr:am:*"}}, false, model.FieldName},
		{"control character", url.Values{"name": {"a\x00b"}, "scopes": {"fr:am:*"}}, false, model.FieldName},
		{"description of 1001", url.Values{"name": {"ok"}, "description": {strings.Repeat("d", 1001)}, "scopes": {"fr:am:*"}}, false, model.FieldDescription},
		{"no scope", url.Values{"name": {"ok"}}, false, model.FieldScopes},
		{"blank scope only", url.Values{"name": {"ok"}, "scopes": {" "}}, false, model.FieldScopes},
		{"unknown scope", url.Values{"name": {"ok"}, "scopes": {"fr:am:*", "fr:nope"}}, false, model.FieldScopes},
		{"restricted scope", url.Values{"name": {"ok"}, "scopes": {"fr:idc:federation:*"}}, false, model.FieldScopes},
		{"status missing on edit", url.Values{"name": {"ok"}, "scopes": {"fr:am:*"}}, true, model.FieldStatus},
		{"status odd on edit", url.Values{"name": {"ok"}, "scopes": {"fr:am:*"}, "accountStatus": {"paused"}}, true, model.FieldStatus},
		{"status in capitals", url.Values{"name": {"ok"}, "scopes": {"fr:am:*"}, "accountStatus": {"Inactive"}}, true, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := accountForm(c.form)
			validate(&f, c.form, testCatalogue, c.withStatus)
			if c.errField == "" && f.HasErrors() {
				t.Fatalf("unexpected errors %v", f.Errors)
			}
			if c.errField != "" && f.Error(c.errField) == "" {
				t.Fatalf("no error on %s (errors %v)", c.errField, f.Errors)
			}
		})
	}
}

func TestFormKeepsValuesAndDropsDuplicates(t *testing.T) {
	v := url.Values{"name": {"  n  "}, "description": {" d "}, "scopes": {"fr:am:*", "fr:am:*", "fr:iga:*"}, "accountStatus": {"inactive"}}
	f := accountForm(v)
	if f.Name != "n" || f.Description != "d" || f.Active || strings.Join(f.Scopes, ",") != "fr:am:*,fr:iga:*" {
		t.Fatalf("%+v", f)
	}
}

func TestRemovedScopes(t *testing.T) {
	got := removedScopes([]string{"a", "b", "c"}, []string{"b", "d"})
	if strings.Join(got, ",") != "a,c" {
		t.Fatal(got)
	}
	if len(removedScopes([]string{"a"}, []string{"a", "b"})) != 0 {
		t.Fatal("adding a scope counted as removal")
	}
}

func TestCatalogueGroupsInTenantOrderWithChildren(t *testing.T) {
	groups := testCatalogue.groups([]string{"fr:idc:esv:read"})
	if len(groups) != 3 || groups[0].Heading != "AM" || groups[1].Heading != "Env" || groups[2].Heading != otherGroup {
		t.Fatalf("%+v", groups)
	}
	esv := groups[1].Scopes[0]
	if esv.Checked || len(esv.Children) != 1 || !esv.Children[0].Checked {
		t.Fatalf("%+v", esv)
	}
}

func TestErrorPagesNeverShowGoErrors(t *testing.T) {
	for _, err := range []error{
		&tenantapi.UnreachableError{Op: "GET /x", Err: errString("dial tcp 127.0.0.1:1: connect: connection refused")},
		&tenantapi.Error{Status: 500, Message: "boom"},
		errString("open /secret/path: permission denied"),
	} {
		pe := ErrorPageFor(err)
		if strings.Contains(pe.Message, "dial tcp") || strings.Contains(pe.Message, "/secret") || pe.BackURL == "" {
			t.Errorf("%v: page %+v", err, pe)
		}
	}
}

type errString string

func (e errString) Error() string { return string(e) }
