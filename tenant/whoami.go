package tenant

import (
	"net/http"

	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/store"
)

// whoAmI serves GET /openidm/info/login, the endpoint IDM's admin UI reads to
// learn who the caller is. Ours adds the administrator's tenant role
// (authorization.role) so the console can hide controls an auditor may not use;
// the tenant still checks every write itself.
func (t *Tenant) whoAmI(w http.ResponseWriter, r *http.Request) error {
	p, _ := auth.FromContext(r.Context())
	roles := []string{"internal/role/openidm-authorized"}
	if p.Role == store.RoleTenantAdmin {
		roles = append(roles, "internal/role/openidm-admin")
	}
	crest.WriteJSON(w, http.StatusOK, map[string]any{
		"_id":              "login",
		"authenticationId": p.Subject,
		"authorization": map[string]any{
			"id":        p.Subject,
			"component": "internal/user",
			"roles":     roles,
			"role":      p.Role,
		},
	})
	return nil
}
