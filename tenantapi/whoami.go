package tenantapi

import (
	"context"
	"net/http"
)

// Roles of administrators, as the tenant names them.
const (
	RoleTenantAdmin   = "tenant-admin"
	RoleTenantAuditor = "tenant-auditor"
)

// Identity is who a bearer token belongs to (GET /openidm/info/login).
type Identity struct {
	AuthenticationID string `json:"authenticationId"`
	Authorization    struct {
		ID    string   `json:"id"`
		Roles []string `json:"roles"`
		Role  string   `json:"role"`
	} `json:"authorization"`
}

// IsTenantAdmin reports whether the identity may change things.
func (i Identity) IsTenantAdmin() bool { return i.Authorization.Role == RoleTenantAdmin }

// WhoAmI asks the tenant whose token this is and with which role.
func (c *Client) WhoAmI(ctx context.Context, token string) (Identity, error) {
	r, err := c.do(ctx, call{method: http.MethodGet, path: "/openidm/info/login", token: token})
	if err != nil {
		return Identity{}, err
	}
	var out Identity
	return out, r.decode("read identity", &out)
}
