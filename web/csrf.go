package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/pingclone/aic-console/handlers"
	"github.com/pingclone/aic-console/views/model"
)

const (
	csrfCookie     = "aic_console_csrf"
	csrfContextKey = "csrf"
)

// csrf protects every form POST with Echo's CSRF middleware: a token in a
// cookie that the form must repeat in its csrf_token field (browsers that
// send Sec-Fetch-Site are also checked on that header). A rejected form gets
// the friendly "form expired" page.
func (a *app) csrf() echo.MiddlewareFunc {
	return middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "form:" + model.FieldCSRF,
		ContextKey:     csrfContextKey,
		CookieName:     csrfCookie,
		CookiePath:     "/admin",
		CookieMaxAge:   int(SessionMaxAge.Seconds()),
		CookieHTTPOnly: true,
		CookieSecure:   a.secure,
		CookieSameSite: http.SameSiteLaxMode,
		ErrorHandler: func(err error, c echo.Context) error {
			return handlers.FormExpired(formPage(c))
		},
	})
}

// formPage is the page the rejected form came from, if it is ours.
func formPage(c echo.Context) string {
	if ref, err := url.Parse(c.Request().Referer()); err == nil && ref.Path != "" {
		return safeReturn(ref.RequestURI())
	}
	return ""
}
