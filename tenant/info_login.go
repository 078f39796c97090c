package tenant

import (
	"net/http"

	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/store"
)

// infoLogin serves GET /openidm/info/login: who the caller is, in IDM's
// shape, plus the tenant role (the console shows it and hides what the role
// may not do; the server enforces it regardless).
func (t *Tenant) infoLogin(w http.ResponseWriter, r *http.Request) error {
	p, _ := auth.FromContext(r.Context())
	roles := []string{"internal/role/openidm-authorized"}
	component := "internal/user"
	switch {
	case p.IsTenantAdmin():
		roles = append(roles, "internal/role/openidm-admin")
	case p.IsServiceAccount():
		component = "managed/svcacct"
	}
	authz := map[string]any{
		"id": p.Subject, "roles": roles, "component": component,
		"moduleId": "rsFilter", "protectedAttributeList": []string{},
	}
	if p.IsAdministrator() {
		role := p.Role
		if role != store.RoleTenantAdmin && role != store.RoleTenantAuditor {
			role = store.RoleTenantAuditor
		}
		authz["role"] = role
	}
	crest.WriteJSON(w, http.StatusOK, map[string]any{
		"_id": "login", "authenticationId": p.Subject, "authorization": authz,
	})
	return nil
}
