package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/pingclone/aic-console/handlers"
	"github.com/pingclone/aic-console/static"
)

// MaxFormBytes bounds a console form.
const MaxFormBytes = "256K"

// routes is the one route table, with the middleware order in one place.
func (a *app) routes(e *echo.Echo, tenant http.Handler) {
	e.Use(middleware.Recover())

	// The embedded tenant API answers for itself (CREST and OAuth bodies).
	if tenant != nil {
		th := echo.WrapHandler(tenant)
		for _, prefix := range []string{"/am", "/openidm", "/environment", "/feature", "/platform", "/iga"} {
			e.Any(prefix, th)
			e.Any(prefix+"/*", th)
		}
	}
	e.GET("/static/*", echo.WrapHandler(static.Handler()))
	e.GET("/", func(c echo.Context) error { return c.Redirect(http.StatusFound, "/admin/") })
	e.GET("/admin", func(c echo.Context) error { return c.Redirect(http.StatusFound, "/admin/") })

	// Console: headers, body limit, session, CSRF; then sign-in for everything
	// but the OAuth callback; then the tenant-admin check on change routes.
	admin := e.Group("/admin", a.securityHeaders, noStore, middleware.BodyLimit(MaxFormBytes), a.loadSession, a.csrf())
	admin.GET("/oauth/callback", a.callback)
	// Signing out works with an expired token too.
	admin.POST("/sign-out", a.signOut)

	in := admin.Group("", a.requireSignIn)

	h := a.console
	in.GET("/", a.handle(h.Dashboard))
	in.GET("/tenant-settings", a.handle(h.TenantSettings))
	in.GET("/tenant-settings/global-settings", a.handle(h.GlobalSettings))
	in.GET("/service-accounts", a.handle(h.List))
	// Audit trail: every role reads it; nothing here changes anything.
	in.GET("/tenant-settings/audit", a.handle(h.AuditLog))
	in.GET("/tenant-settings/audit/export", a.auditExport)
	in.GET("/service-accounts/:id", a.handle(h.AccountDetails))

	// Every route that changes something (or shows a form that would)
	// refuses auditors here, on the server; the tenant refuses them too.
	change := in.Group("", a.requireTenantAdmin)
	change.GET("/service-accounts/new", a.handle(h.NewAccount))
	change.POST("/service-accounts/new", a.handle(h.CreateAccount))
	change.GET("/service-accounts/:id/edit", a.handle(h.EditAccount))
	change.POST("/service-accounts/:id/edit", a.handle(h.UpdateAccount))
	change.GET("/service-accounts/:id/regenerate-key", a.handle(h.ConfirmRegenerate))
	change.POST("/service-accounts/:id/regenerate-key", a.handle(h.RegenerateKey))
	change.GET("/service-accounts/:id/delete", a.handle(h.ConfirmDelete))
	change.POST("/service-accounts/:id/delete", a.handle(h.DeleteAccount))
	change.GET("/keys/:key", a.handle(h.KeyReady))
	change.POST("/keys/:key/download", a.handle(h.DownloadKey))
	change.POST("/keys/:key/done", a.handle(h.KeyDone))

	// Anything else under /admin is a "page not found" page for a signed-in user.
	in.Any("/*", func(echo.Context) error { return handlers.NotFound() })
}

// requireTenantAdmin answers an auditor's change request with the 403 page.
func (a *app) requireTenantAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !currentUser(c).CanChange {
			return handlers.Forbidden()
		}
		return next(c)
	}
}
