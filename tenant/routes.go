package tenant

import (
	"context"
	"net/http"

	"github.com/pingclone/aic-console/tenant/crest"
)

// build wires every tenant route in one table.
func (t *Tenant) build(ctx context.Context) error {
	mux := http.NewServeMux()

	// Scope catalogue and features (§3).
	mux.Handle("GET /environment/scopes/service-accounts", t.guard(anyAdministrator, t.scopeCatalogue))
	mux.Handle("GET /feature", t.guard(anyPrincipal, t.features))

	mux.Handle("/", t.open(func(w http.ResponseWriter, r *http.Request) error {
		return crest.NotFound("Resource '" + r.URL.Path + "' not found")
	}))
	t.handler = crest.WithRequestID(t.recoverPanics(limitBody(mux)))
	return nil
}
