package tenant

import (
	"context"
	"net/http"
	"strings"

	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/oauth"
	"github.com/pingclone/aic-console/tenant/scopes"
)

// tokenRoutes adds the service account token endpoints and every API behind
// the scope table: the emulated resources and, for catalogued APIs that are
// not emulated, a 501 after the scope check.
func (t *Tenant) tokenRoutes(ctx context.Context, mux *http.ServeMux, am *oauth.Server) error {
	if err := t.seedResources(ctx); err != nil {
		return err
	}
	mux.Handle("POST /am/oauth2/access_token", t.open(t.auditTokens(am.AccessToken)))
	mux.Handle("GET /am/oauth2/connect/jwk_uri", t.open(am.JWKURI))
	mux.Handle("POST /am/oauth2/introspect", t.guard(anyAdministrator, am.Introspect))

	// ESVs (fr:idc:esv:*, and the deprecated fr:idm:*).
	variables, secrets := t.esvVariables(), t.esvSecrets()
	mux.Handle("GET /environment/variables", t.scoped(variables.serveList))
	mux.Handle("GET /environment/variables/{id}", t.scoped(variables.serveRead))
	mux.Handle("PUT /environment/variables/{id}", t.scoped(t.putVariable))
	mux.Handle("POST /environment/variables/{id}", t.scoped(variables.serveAction))
	mux.Handle("DELETE /environment/variables/{id}", t.scoped(variables.serveDelete))
	mux.Handle("GET /environment/secrets", t.scoped(secrets.serveList))
	mux.Handle("GET /environment/secrets/{id}", t.scoped(secrets.serveRead))
	mux.Handle("PUT /environment/secrets/{id}", t.scoped(t.putSecret))
	mux.Handle("POST /environment/secrets/{id}", t.scoped(secrets.serveAction))
	mux.Handle("DELETE /environment/secrets/{id}", t.scoped(secrets.serveDelete))
	mux.Handle("GET /environment/secrets/{id}/versions", t.scoped(t.listSecretVersions))
	mux.Handle("POST /environment/secrets/{id}/versions", t.scoped(t.createSecretVersion))
	mux.Handle("GET /environment/startup", t.scoped(t.startupStatus))
	mux.Handle("POST /environment/startup", t.scoped(t.startupAction))
	for _, p := range []string{"/environment/variables", "/environment/variables/", "/environment/secrets", "/environment/secrets/", "/environment/startup"} {
		mux.Handle(p, t.scoped(methodNotAllowed))
	}

	// Certificates: list and read; uploading and CSRs are not emulated.
	mux.Handle("GET /environment/certificates", t.scoped(t.listCertificates))
	mux.Handle("GET /environment/certificates/{id}", t.scoped(t.readCertificate))
	mux.Handle("/environment/certificates", t.scoped(notEmulated("/environment/certificates")))
	mux.Handle("/environment/certificates/", t.scoped(notEmulated("/environment/certificates")))

	// Identities (fr:idm:*).
	mux.Handle("POST /openidm/managed/alpha_user", t.scoped(t.createAlphaUser))
	mux.Handle("GET /openidm/managed/alpha_user", t.scoped(t.queryAlphaUsers))
	mux.Handle("GET /openidm/managed/alpha_user/{id}", t.scoped(t.readAlphaUser))
	mux.Handle("PUT /openidm/managed/alpha_user/{id}", t.scoped(t.replaceAlphaUser))
	mux.Handle("PATCH /openidm/managed/alpha_user/{id}", t.scoped(t.patchAlphaUser))
	mux.Handle("DELETE /openidm/managed/alpha_user/{id}", t.scoped(t.deleteAlphaUser))
	mux.Handle("/openidm/managed/alpha_user", t.scoped(methodNotAllowed))
	mux.Handle("/openidm/managed/alpha_user/{id}", t.scoped(methodNotAllowed))

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
	return nil
}

// notEmulated answers for a catalogued API this tenant does not implement,
// once the caller has passed the scope check.
func notEmulated(prefix string) crest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return crest.NotImplemented("The API at " + strings.TrimSuffix(prefix, "/") + " is not emulated by this tenant")
	}
}
