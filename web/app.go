// Package web is the composition root: the Echo application, its one route
// table, middleware order and error handling. Echo-specific code lives here
// and nowhere else.
package web

import (
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// Config is what the web application is built from.
type Config struct {
	// Tenant serves the tenant API (/am, /openidm, /environment, /feature).
	Tenant http.Handler
	// BaseURL is this server's external address.
	BaseURL string
	// TenantURL, when set, makes the console talk to a tenant API in another
	// process instead of the embedded one.
	TenantURL string
	DataDir   string
	Logger    *slog.Logger
}

// New builds the Echo application.
func New(cfg Config) (*echo.Echo, error) {
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.Use(middleware.Recover())

	tenant := echo.WrapHandler(cfg.Tenant)
	for _, prefix := range []string{"/am", "/openidm", "/environment", "/feature", "/platform", "/iga"} {
		e.Any(prefix, tenant)
		e.Any(prefix+"/*", tenant)
	}
	e.GET("/", func(c echo.Context) error { return c.Redirect(http.StatusFound, "/admin/") })
	return e, nil
}
