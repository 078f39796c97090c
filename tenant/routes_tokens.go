package tenant

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/oauth"
	"github.com/pingclone/aic-console/tenant/scopes"
	"github.com/pingclone/aic-console/tenant/store"
)

// tokenRoutes adds the service account token endpoints and every API behind
// the scope table: the emulated resources and, for catalogued APIs that are
// not emulated, a 501 after the scope check.
func (t *Tenant) tokenRoutes(mux *http.ServeMux, am *oauth.Server) {
	if t.authn.Accounts == nil {
		t.authn.Accounts = t.liveServiceAccount
	}
	mux.Handle("POST /am/oauth2/access_token", t.open(am.AccessToken))
	mux.Handle("GET /am/oauth2/connect/jwk_uri", t.open(am.JWKURI))
	mux.Handle("POST /am/oauth2/introspect", t.guard(anyAdministrator, am.Introspect))

	registered := map[string]bool{}
	for _, row := range scopes.AccessTable {
		if row.Emulated || registered[row.Prefix] || len(row.Scopes) == 0 && !strings.HasPrefix(row.Prefix, "/environment/") {
			continue
		}
		registered[row.Prefix] = true
		h := t.scoped(notEmulated(row.Prefix))
		if strings.HasSuffix(row.Prefix, "/") {
			mux.Handle(row.Prefix, h)
			continue
		}
		mux.Handle(row.Prefix, h)
		mux.Handle(row.Prefix+"/", h)
	}
}

// notEmulated answers for a catalogued API this tenant does not implement,
// once the caller has passed the scope check.
func notEmulated(prefix string) crest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return crest.NotImplemented("The API at " + strings.TrimSuffix(prefix, "/") + " is not emulated by this tenant")
	}
}

// liveServiceAccount is the Authenticator's live check of a service account,
// so deleting, deactivating or removing a scope applies to tokens in hand.
func (t *Tenant) liveServiceAccount(ctx context.Context, id string) (auth.AccountState, error) {
	c, err := t.store.SvcAcctCredentials(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return auth.AccountState{}, nil
	}
	if err != nil {
		return auth.AccountState{}, err
	}
	return auth.AccountState{Exists: true, Active: c.AccountStatus == "active", Scopes: c.Scopes}, nil
}
