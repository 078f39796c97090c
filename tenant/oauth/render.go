package oauth

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/a-h/templ"

	"github.com/pingclone/aic-console/tenant/oauth/pages"
)

// pageSecurityHeaders keep the tenant's pages from being framed, sniffed or
// cached, and allow only the page's own stylesheet.
func pageSecurityHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
}

// render writes a page, rendered into a buffer first so that a rendering
// error never leaves half a page behind.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		return err
	}
	pageSecurityHeaders(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
	return nil
}

// errorPage shows an authorization request the tenant will not redirect for.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, text string) error {
	return s.render(w, r, status, pages.MessagePage(pages.Message{
		Title: "Sign-in request error", Heading: "This sign-in request cannot be completed",
		Text: text, TestID: "authorize-error",
	}))
}

// Stylesheet serves the pages' stylesheet.
func (s *Server) Stylesheet(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(pages.Stylesheet)
	return nil
}
