package web

import (
	"mime"
	"net"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/pingclone/aic-console/handlers"
	"github.com/pingclone/aic-console/tenantapi"
)

// remoteIP is the address the request came from (never a header the browser
// could set).
func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// handle adapts a flow of package handlers to an Echo route: it builds the
// Request from the context and session, and writes the Result.
func (a *app) handle(h handlers.Handler) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Method == http.MethodPost {
			if err := req.ParseForm(); err != nil {
				return echo.NewHTTPError(http.StatusBadRequest, "form could not be read")
			}
		}
		params := map[string]string{}
		for i, name := range c.ParamNames() {
			params[name] = c.ParamValues()[i]
		}
		csrf, _ := c.Get(csrfContextKey).(string)
		r := &handlers.Request{
			Ctx:        tenantapi.WithClientAddress(req.Context(), remoteIP(req)),
			Token:      sessionString(c, keyToken),
			User:       currentUser(c),
			Session:    sessionString(c, keySID),
			CSRF:       csrf,
			Form:       req.PostForm,
			Query:      req.URL.Query(),
			Params:     params,
			TenantHost: a.tenantHost,
		}
		if req.Method == http.MethodGet {
			r.Flashes = popFlashes(c)
		}
		res, err := h(r)
		if err != nil {
			return err
		}
		return a.respond(c, res)
	}
}

func (a *app) respond(c echo.Context, res handlers.Result) error {
	switch {
	case res.Download != nil:
		h := c.Response().Header()
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": res.Download.Filename}))
		h.Set("Cache-Control", "no-store")
		h.Set("Pragma", "no-cache")
		return c.Blob(http.StatusOK, res.Download.ContentType, res.Download.Body)
	case res.Redirect != "":
		if res.Flash != nil {
			addFlash(c, *res.Flash)
			if err := saveSession(c); err != nil {
				return err
			}
		}
		return c.Redirect(http.StatusSeeOther, res.Redirect)
	case res.View != nil:
		status := res.Status
		if status == 0 {
			status = http.StatusOK
		}
		return Render(c, status, res.View)
	}
	return c.NoContent(http.StatusNoContent)
}
