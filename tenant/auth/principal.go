// Package auth holds who is calling the tenant API (the principal), the
// tenant's own token signing key, and the checks every route applies.
package auth

import (
	"context"

	"github.com/pingclone/aic-console/tenant/store"
)

// Kind tells administrators and service accounts apart.
type Kind string

const (
	KindAdmin          Kind = "admin"
	KindServiceAccount Kind = "svcacct"
)

// Principal is the authenticated caller of one request.
type Principal struct {
	Kind    Kind
	Subject string   // administrator user name, or service account _id
	Role    string   // administrators only: store.RoleTenantAdmin or store.RoleTenantAuditor
	Scopes  []string // scopes granted to the token
	TokenID string   // jti of the access token, empty for a session cookie
}

// IsTenantAdmin reports whether p may change anything.
func (p Principal) IsTenantAdmin() bool {
	return p.Kind == KindAdmin && p.Role == store.RoleTenantAdmin
}

// IsAdministrator reports whether p is a tenant administrator or auditor.
func (p Principal) IsAdministrator() bool { return p.Kind == KindAdmin }

// IsServiceAccount reports whether p is a service account token.
func (p Principal) IsServiceAccount() bool { return p.Kind == KindServiceAccount }

type ctxKey struct{}

// WithPrincipal stores p in ctx.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// FromContext returns the principal of the request, if authenticated.
func FromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(ctxKey{}).(Principal)
	return p, ok
}
