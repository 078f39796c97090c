package tenant

import (
	"context"
	"net/http"

	"github.com/pingclone/aic-console/tenant/audit"
	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/oauth"
)

// build wires every tenant route in one table.
func (t *Tenant) build(ctx context.Context) error {
	mux := http.NewServeMux()

	// AM: server info, administrator sign-in and sessions, OAuth 2.0 (§4, §5).
	consoles, err := consoleBaseURLs(t.cfg.ConsoleURLs)
	if err != nil {
		return err
	}
	am := oauth.New(oauth.Deps{
		Store: t.store, Signer: t.signer, Authn: t.authn, BaseURL: t.baseURL,
		Now: t.now, Log: t.log, SessionMaxLifetime: SessionMaxLifetime, ConsoleBaseURLs: consoles,
	})
	t.authn.Revoked = am.Revoked
	mux.Handle("GET /am/json/serverinfo/{id}", t.open(am.ServerInfo))
	mux.Handle("GET /am/json/realms/root/serverinfo/{id}", t.open(am.ServerInfo))
	mux.Handle("POST /am/json/realms/root/authenticate", t.open(am.Authenticate))
	mux.Handle("POST /am/json/realms/root/sessions", t.open(am.Sessions))
	mux.Handle("POST /am/json/realms/root/sessions/{$}", t.open(am.Sessions))
	mux.Handle("GET /am/oauth2/authorize", t.open(am.Authorize))
	mux.Handle("POST /am/oauth2/authorize", t.open(am.Authorize))
	mux.Handle("GET /am/oauth2/connect/endSession", t.open(am.EndSession))
	mux.Handle("POST /am/oauth2/connect/endSession", t.open(am.EndSession))
	mux.Handle("GET /am/XUI", http.HandlerFunc(am.SignInPageSlash))
	mux.Handle("GET /am/XUI/{$}", t.open(am.SignInPage))
	mux.Handle("POST /am/XUI/{$}", t.open(am.SignInSubmit))
	mux.Handle("GET /am/XUI/signin.css", t.open(am.Stylesheet))
	mux.Handle("GET /openidm/info/login", t.guard(anyPrincipal, t.infoLogin))

	// Scope catalogue and features (§3).
	mux.Handle("GET /environment/scopes/service-accounts", t.guard(anyAdministrator, t.scopeCatalogue))
	mux.Handle("GET /feature", t.guard(anyPrincipal, t.features))

	// AM: token endpoint and its grants, the tenant's keys, introspection.
	if err := t.tokenRoutes(ctx, mux, am); err != nil {
		return err
	}

	// Service accounts (§1): administrators read and query; only tenant-admin
	// writes; a service account token reads its own record only.
	mux.Handle("POST /openidm/managed/svcacct", t.guard(tenantAdminOnly, t.createSvcAcct))
	mux.Handle("GET /openidm/managed/svcacct", t.guard(anyAdministrator, t.querySvcAccts))
	mux.Handle("GET /openidm/managed/svcacct/{id}", t.guardRequest(ownRecordOrAdministrator, t.readSvcAcct))
	mux.Handle("PUT /openidm/managed/svcacct/{id}", t.guard(tenantAdminOnly, t.replaceSvcAcct))
	mux.Handle("PATCH /openidm/managed/svcacct/{id}", t.guard(tenantAdminOnly, t.patchSvcAcct))
	mux.Handle("DELETE /openidm/managed/svcacct/{id}", t.guard(tenantAdminOnly, t.deleteSvcAcct))
	mux.Handle("/openidm/managed/svcacct", t.open(methodNotAllowed))
	mux.Handle("/openidm/managed/svcacct/{id}", t.open(methodNotAllowed))

	// Audit trail (tenant/audit, docs/AUDIT-API.md).
	t.auditRoutes(mux)

	mux.Handle("/", t.open(func(w http.ResponseWriter, r *http.Request) error {
		return crest.NotFound("Resource '" + r.URL.Path + "' not found")
	}))
	t.handler = crest.WithRequestID(audit.Middleware(t.now)(t.recoverPanics(limitBody(mux))))
	return nil
}
