package tenant

import "github.com/pingclone/aic-console/tenant/auth"

// Signer is the tenant's access token signer. Tests use it (through package
// tenanttest) to mint tokens without the sign-in dance.
func (t *Tenant) Signer() *auth.Signer { return t.signer }
