package tenant

import (
	"net/http"

	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/scopes"
)

type catalogueEntry struct {
	Scope       string           `json:"scope"`
	Description string           `json:"description"`
	Group       string           `json:"group,omitempty"`
	ChildScopes []catalogueEntry `json:"childScopes,omitempty"`
}

// scopeCatalogue serves GET /environment/scopes/service-accounts: every
// assignable scope with its group and children; restricted scopes never.
func (t *Tenant) scopeCatalogue(w http.ResponseWriter, r *http.Request) error {
	assignable := scopes.Assignable()
	out := make([]catalogueEntry, 0, len(assignable))
	for _, s := range assignable {
		e := catalogueEntry{Scope: s.Name, Description: s.Purpose, Group: s.Group}
		for _, c := range s.Children {
			e.ChildScopes = append(e.ChildScopes, catalogueEntry{Scope: c.Name, Description: c.Purpose})
		}
		out = append(out, e)
	}
	crest.WriteJSON(w, http.StatusOK, out)
	return nil
}

// features serves GET /feature?_queryFilter=true.
func (t *Tenant) features(w http.ResponseWriter, r *http.Request) error {
	crest.WriteJSON(w, http.StatusOK, map[string]any{
		"result": []map[string]any{{
			"_id": "service-accounts", "installedVersion": "1", "availableVersions": []string{"1"},
		}},
	})
	return nil
}
