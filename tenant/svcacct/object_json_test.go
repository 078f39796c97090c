package svcacct

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/pingclone/aic-console/tenant/crest/query"
	"github.com/pingclone/aic-console/tenant/store"
)

// TestAppendJSONMatchesProjectedObject checks that the query answer's
// hand-written objects are byte for byte what encoding/json makes of
// query.Project(Object(a), fields), for every _fields shape and awkward values.
func TestAppendJSONMatchesProjectedObject(t *testing.T) {
	desc := `a <b> & "c" \ é` + "\u2028\n"
	empty := ""
	accounts := []store.SvcAcct{
		{ID: "6d8e4b6b-0000-4000-8000-000000000001", Rev: "r1", Name: "ci-pipeline", AccountStatus: "active",
			Scopes: []string{"fr:am:*", "fr:idm:*"}, JWKS: `{"keys":[{"kty":"RSA","e":"AQAB","n":"xyz"}]}`, Description: &desc},
		{ID: "id<2>", Rev: "r&2", Name: "ÉLAN 🚀 \"quoted\"", AccountStatus: "inactive", Scopes: []string{}, JWKS: "{}"},
		{ID: "3", Rev: "3", Name: "\x01ctl\xff", AccountStatus: "active", Scopes: nil, JWKS: "", Description: &empty},
	}
	fieldSets := [][]string{
		nil,
		{"_id", "name", "accountStatus"},
		{"name"},
		{"_id"},
		{"_rev"},
		{"description", "jwks"},
		{"scopes", "scopes", "unknown"},
		{"maxCachingTime", "quotaLimit", "maxIdleTime", "maxSessionTime"},
		{"accountStatus", "description", "jwks", "maxCachingTime", "maxIdleTime", "maxSessionTime", "name", "quotaLimit", "scopes"},
		{"nope"},
	}
	for _, a := range accounts {
		for _, fields := range fieldSets {
			want, err := json.Marshal(query.Project(Object(a), fields))
			if err != nil {
				t.Fatal(err)
			}
			if got := AppendJSON(nil, a, FieldMembers(fields)); !bytes.Equal(got, want) {
				t.Errorf("%s fields %q:\n got %s\nwant %s", a.ID, fields, got, want)
			}
		}
	}
}
