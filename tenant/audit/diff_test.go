package audit_test

import (
	"crypto"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/pingclone/aic-console/tenant/audit"
)

func TestThumbprintsAreRFC7638AndNeverKeyMaterial(t *testing.T) {
	for _, rsaKey := range []bool{true, false} {
		jwks, jwk := publicJWKS(t, rsaKey)
		sum, err := jwk.Thumbprint(crypto.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		want := base64.RawURLEncoding.EncodeToString(sum)
		got := audit.Thumbprints(jwks)
		if len(got) != 1 || got[0] != want {
			t.Fatalf("rsa=%v: thumbprints = %v, want [%s]", rsaKey, got, want)
		}
	}
	// RFC 7638 §3.1's example key and thumbprint.
	const rfcKey = `{"keys":[{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}]}`
	if got := audit.Thumbprints(rfcKey); len(got) != 1 || got[0] != "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs" {
		t.Fatalf("RFC 7638 example: got %v", got)
	}
	if got := audit.Thumbprints(`{"keys":[{"kty":"RSA","n":"!!"}]}`); !reflect.DeepEqual(got, []string{audit.UnreadableKey}) {
		t.Fatalf("unreadable key: got %v", got)
	}
	if got := audit.Thumbprints(`not json`); !reflect.DeepEqual(got, []string{audit.UnreadableKey}) {
		t.Fatalf("unreadable set: got %v", got)
	}
}

func TestAccountChangeActionsAndChanges(t *testing.T) {
	jwks1, _ := publicJWKS(t, true)
	jwks2, _ := publicJWKS(t, true)
	base := audit.Account{ID: "a1", Name: "ci", Description: strPtr("d"), AccountStatus: "active",
		Scopes: []string{"fr:am:*", "fr:idm:*"}, JWKS: jwks1}
	with := func(f func(a *audit.Account)) *audit.Account { c := base; f(&c); return &c }

	tests := []struct {
		name          string
		before, after *audit.Account
		action        string
		changes       audit.Changes
	}{
		{"create", nil, &base, audit.ActionCreate, audit.Changes{
			"name": {nil, "ci"}, "description": {nil, "d"}, "accountStatus": {nil, "active"},
			"scopes": {nil, []string{"fr:am:*", "fr:idm:*"}}, "keyThumbprints": {nil, audit.Thumbprints(jwks1)}}},
		{"rename", &base, with(func(a *audit.Account) { a.Name = "cd" }), audit.ActionUpdate,
			audit.Changes{"name": {"ci", "cd"}}},
		{"description to null", &base, with(func(a *audit.Account) { a.Description = nil }), audit.ActionUpdate,
			audit.Changes{"description": {"d", nil}}},
		{"scopes", &base, with(func(a *audit.Account) { a.Scopes = []string{"fr:am:*"} }), audit.ActionUpdate,
			audit.Changes{"scopes": {[]string{"fr:am:*", "fr:idm:*"}, []string{"fr:am:*"}}}},
		{"scopes reordered only", &base, with(func(a *audit.Account) { a.Scopes = []string{"fr:idm:*", "fr:am:*"} }),
			audit.ActionUpdate, audit.Changes{}},
		{"name and scopes", &base, with(func(a *audit.Account) { a.Name = "x"; a.Scopes = nil }), audit.ActionUpdate,
			audit.Changes{"name": {"ci", "x"}, "scopes": {[]string{"fr:am:*", "fr:idm:*"}, []string{}}}},
		{"status", &base, with(func(a *audit.Account) { a.AccountStatus = "inactive" }), audit.ActionStatus,
			audit.Changes{"accountStatus": {"active", "inactive"}}},
		{"regenerate key", &base, with(func(a *audit.Account) { a.JWKS = jwks2 }), audit.ActionRegenerateKey,
			audit.Changes{"keyThumbprints": {audit.Thumbprints(jwks1), audit.Thumbprints(jwks2)}}},
		{"delete", &base, nil, audit.ActionDelete, audit.Changes{
			"name": {"ci", nil}, "description": {"d", nil}, "accountStatus": {"active", nil},
			"scopes": {[]string{"fr:am:*", "fr:idm:*"}, nil}, "keyThumbprints": {audit.Thumbprints(jwks1), nil}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := audit.AccountChange("alice", tc.before, tc.after)
			if e.Action != tc.action || e.Actor != "alice" || e.ActorKind != audit.ActorAdmin || e.TargetID != "a1" {
				t.Fatalf("event = %+v, want action %s by alice on a1", e, tc.action)
			}
			if !reflect.DeepEqual(e.Changes, tc.changes) {
				t.Fatalf("changes = %#v\nwant      %#v", e.Changes, tc.changes)
			}
			b, _ := json.Marshal(e)
			if strings.Contains(string(b), `"n"`) || strings.Contains(string(b), "AQAB") {
				t.Fatalf("event carries key material: %s", b)
			}
		})
	}
}
