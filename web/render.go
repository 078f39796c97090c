package web

import (
	"bytes"
	"strconv"
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
)

// Render renders component into a buffer first, so that a failing view
// becomes an error page instead of half a page, then writes it with status.
func Render(c echo.Context, status int, component templ.Component) error {
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	if err := component.Render(c.Request().Context(), buf); err != nil {
		return err
	}
	// With its length known, the page goes out in one or two writes
	// instead of 4 KB chunks of chunked encoding.
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(buf.Len()))
	return c.HTMLBlob(status, buf.Bytes())
}

// renderBuffers reuses page buffers: a list page is tens of kilobytes, and
// growing a fresh buffer to that size on every request shows in profiles.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledRender keeps unusually large pages (an export, a long trail) from
// pinning their buffers in the pool.
const maxPooledRender = 256 << 10

func putRenderBuffer(buf *bytes.Buffer) {
	if buf.Cap() > maxPooledRender {
		return
	}
	buf.Reset()
	renderBuffers.Put(buf)
}

// noStore keeps admin pages out of caches (they show account data and tokens
// are behind them).
func noStore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Cache-Control", "no-store")
		return next(c)
	}
}

// securityHeaders are sent with every console page.
func (a *app) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	formTargets := "'self'"
	if a.browserTenant != a.baseURL {
		// Chrome applies form-action to the redirects that follow a form too
		// (sign-out, sign-in after an expired token).
		formTargets += " " + a.browserTenant
	}
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action "+formTargets+"; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		return next(c)
	}
}
