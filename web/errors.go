package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/pingclone/aic-console/handlers"
	"github.com/pingclone/aic-console/tenantapi"
	"github.com/pingclone/aic-console/views/model"
	"github.com/pingclone/aic-console/views/pages"
)

// errorHandler turns every error into one answer, in one place: an expired
// tenant token sends the browser through sign-in again; everything else is a
// page explaining it with a way back. No Go error text reaches the browser.
func (a *app) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	path := c.Request().URL.Path
	if tenantapi.IsUnauthorized(err) && session(c) != nil {
		if serr := a.startSignIn(c, returnPath(c)); serr == nil {
			return
		}
	}
	pe := a.pageError(err)
	if pe.Status >= 500 {
		a.log.Error("console request failed", "method", c.Request().Method, "path", path, "status", pe.Status, "err", err)
	} else if pe.Status != http.StatusNotFound {
		a.log.Info("console request refused", "method", c.Request().Method, "path", path, "status", pe.Status, "err", err)
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(pe.Status)
		return
	}
	if !strings.HasPrefix(path, "/admin") && !strings.HasPrefix(path, "/static") && path != "/" {
		// Outside the console (the tenant's prefixes answer for themselves).
		_ = c.JSON(pe.Status, map[string]any{"code": pe.Status, "reason": http.StatusText(pe.Status), "message": pe.Heading})
		return
	}
	page := model.Page{Title: pe.Heading, TenantHost: a.tenantHost}
	if session(c) != nil && signedIn(c, a.now()) {
		page.User = currentUser(c)
		page.CSRF, _ = c.Get(csrfContextKey).(string)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	if rerr := Render(c, pe.Status, pages.Error(model.ErrorPage{
		Page: page, Status: pe.Status, Heading: pe.Heading, Message: pe.Message, BackURL: pe.BackURL, BackLabel: pe.BackLabel,
	})); rerr != nil {
		a.log.Error("render error page", "err", rerr)
		_ = c.String(pe.Status, pe.Heading)
	}
}

// pageError maps Echo's own errors (unknown route, bad method, CSRF) and the
// flows' errors to a page.
func (a *app) pageError(err error) *handlers.PageError {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusNotFound:
			return handlers.NotFound()
		case http.StatusMethodNotAllowed:
			pe := handlers.NotFound()
			pe.Status, pe.Heading, pe.Message = http.StatusMethodNotAllowed, "Not allowed", "This address can't be used that way."
			return pe
		case http.StatusForbidden:
			return handlers.FormExpired("")
		case http.StatusRequestEntityTooLarge:
			return &handlers.PageError{Status: he.Code, Heading: "Too much data", Message: "The form sent more data than the console accepts.", BackURL: "/admin/service-accounts", BackLabel: "Back to Service Accounts"}
		case http.StatusBadRequest:
			return &handlers.PageError{Status: he.Code, Heading: "Bad request", Message: "The console couldn't read this request.", BackURL: "/admin/service-accounts", BackLabel: "Back to Service Accounts"}
		}
		return &handlers.PageError{Status: he.Code, Heading: http.StatusText(he.Code), Message: "The request couldn't be completed.", BackURL: "/admin/", BackLabel: "Back to the console"}
	}
	return handlers.ErrorPageFor(err)
}
