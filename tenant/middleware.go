package tenant

import (
	"errors"
	"net/http"

	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/scopes"
)

// limitBody bounds every request body; reading past the limit fails and the
// handler answers 413.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		}
		next.ServeHTTP(w, r)
	})
}

// recoverPanics answers a CREST 500 instead of dropping the connection.
func (t *Tenant) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				t.log.Error("tenant handler panicked", "path", r.URL.Path, "request_id", crest.RequestID(r), "panic", v)
				crest.WriteError(w, crest.Internal())
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Access rules, checked on the server for every route.
type rule func(p auth.Principal) bool

func anyAdministrator(p auth.Principal) bool { return p.IsAdministrator() }
func tenantAdminOnly(p auth.Principal) bool  { return p.IsTenantAdmin() }
func anyPrincipal(auth.Principal) bool       { return true }

// guard authenticates the request (401 without valid credentials) and applies
// allow (403 when it refuses).
func (t *Tenant) guard(allow rule, h crest.HandlerFunc) http.Handler {
	return t.guardRequest(func(p auth.Principal, _ *http.Request) bool { return allow(p) }, h)
}

// requestRule is a rule that also looks at the request, e.g. at the record
// named in the path (a service account may read its own record only).
type requestRule func(p auth.Principal, r *http.Request) bool

// guardRequest is guard for a rule that looks at the request.
func (t *Tenant) guardRequest(allow requestRule, h crest.HandlerFunc) http.Handler {
	return crest.Handle(t.log, func(w http.ResponseWriter, r *http.Request) error {
		p, err := t.authn.Authenticate(r)
		if err != nil {
			if !errors.Is(err, auth.ErrNoCredentials) && !errors.Is(err, auth.ErrBadCredentials) {
				return err
			}
			return crest.Unauthorized()
		}
		if !allow(p, r) {
			return crest.Forbidden()
		}
		return h(w, r.WithContext(auth.WithPrincipal(r.Context(), p)))
	})
}

// open serves h without authentication (sign-in, server info, token endpoint).
func (t *Tenant) open(h crest.HandlerFunc) http.Handler { return crest.Handle(t.log, h) }

// scoped guards a resource behind the scope table (scopes.AccessTable): a
// tenant administrator may do everything, a tenant auditor may only read, and
// a service account token needs a scope that opens the path and method. Only
// the deprecated fr:idm:* opening the ESV API adds a Deprecation header.
func (t *Tenant) scoped(h crest.HandlerFunc) http.Handler {
	return t.guard(anyPrincipal, func(w http.ResponseWriter, r *http.Request) error {
		p, _ := auth.FromContext(r.Context())
		switch {
		case p.IsTenantAdmin():
		case p.IsAdministrator():
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				return crest.Forbidden()
			}
		case p.IsServiceAccount():
			d := scopes.Authorize(r.Method, r.URL.Path, p.Scopes)
			if !d.Allowed {
				return crest.Forbidden()
			}
			if d.Deprecated {
				w.Header().Set("Deprecation", "true")
				w.Header().Add("Link", "<"+scopes.ESVDeprecationNotice+`>; rel="deprecation"`)
			}
		default:
			return crest.Forbidden()
		}
		return h(w, r)
	})
}
