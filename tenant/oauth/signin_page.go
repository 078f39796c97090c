package oauth

import (
	"errors"
	"net/http"
	"strings"

	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/oauth/pages"
)

// loginCSRFCookie carries the sign-in form's double-submit token.
const loginCSRFCookie = "amLoginCsrf"

// Messages of the sign-in page.
const (
	msgLoginFailure = "Login failure. Check your user name and password and try again."
	msgFormExpired  = "Your sign-in form expired or was sent from another site. Please try again."
)

// SignInPage serves GET /am/XUI/: the tenant's sign-in page for browsers.
// goto must be this tenant's authorize URL; anything else is dropped.
func (s *Server) SignInPage(w http.ResponseWriter, r *http.Request) error {
	gotoURL, _ := s.safeGoto(r.URL.Query().Get("goto"))
	if _, ok := s.currentSession(r); ok {
		http.Redirect(w, r, s.afterSignIn(gotoURL), http.StatusFound)
		return nil
	}
	return s.renderSignIn(w, r, http.StatusOK, pages.SignIn{Goto: gotoURL})
}

// SignInPageSlash sends GET /am/XUI to the page's canonical address.
func (s *Server) SignInPageSlash(w http.ResponseWriter, r *http.Request) {
	target := SignInPath
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, target, http.StatusMovedPermanently)
}

// SignInSubmit serves POST /am/XUI/. The form is protected against login
// CSRF twice: a cross-site Origin is refused, and the form's token must match
// the cookie set with the form (double submit).
func (s *Server) SignInSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return s.renderSignIn(w, r, http.StatusRequestEntityTooLarge, pages.SignIn{Error: msgLoginFailure})
		}
		return s.renderSignIn(w, r, http.StatusBadRequest, pages.SignIn{Error: msgFormExpired})
	}
	gotoURL, _ := s.safeGoto(r.PostForm.Get("goto"))
	username := strings.TrimSpace(r.PostForm.Get("username"))
	view := pages.SignIn{Goto: gotoURL, Username: username}

	if !s.sameOrigin(r) || !s.loginCSRFValid(r) {
		view.Error = msgFormExpired
		return s.renderSignIn(w, r, http.StatusForbidden, view)
	}
	password := r.PostForm.Get("password")
	if username == "" || password == "" {
		view.Error = msgLoginFailure
		return s.renderSignIn(w, r, http.StatusUnauthorized, view)
	}
	sess, err := s.signIn(r.Context(), username, password)
	if errors.Is(err, errLoginFailure) {
		s.Log.Info("administrator sign-in failed", "username", username, "request_id", crest.RequestID(r))
		view.Error = msgLoginFailure
		return s.renderSignIn(w, r, http.StatusUnauthorized, view)
	}
	if err != nil {
		return err
	}
	s.Log.Info("administrator signed in", "username", sess.Username, "request_id", crest.RequestID(r))
	s.setSessionCookie(w, sess.TokenID)
	s.clearLoginCSRF(w)
	noStore(w)
	http.Redirect(w, r, s.afterSignIn(gotoURL), http.StatusSeeOther)
	return nil
}

// afterSignIn is where a signed-in browser goes: back to the authorization
// request, or to the console when there was none.
func (s *Server) afterSignIn(gotoURL string) string {
	if gotoURL != "" {
		return gotoURL
	}
	return s.BaseURL.String() + "/admin/"
}

// renderSignIn renders the form with a fresh double-submit token.
func (s *Server) renderSignIn(w http.ResponseWriter, r *http.Request, status int, view pages.SignIn) error {
	token, err := randomToken(32)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: loginCSRFCookie, Value: token, Path: SignInPath,
		HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteStrictMode,
	})
	view.CSRF, view.Action, view.Realm = token, SignInPath, "/"
	return s.render(w, r, status, pages.SignInPage(view))
}

func (s *Server) loginCSRFValid(r *http.Request) bool {
	c, err := r.Cookie(loginCSRFCookie)
	return err == nil && sameToken(c.Value, r.PostForm.Get("csrf"))
}

func (s *Server) clearLoginCSRF(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: loginCSRFCookie, Value: "", Path: SignInPath, MaxAge: -1,
		HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteStrictMode,
	})
}

// sameOrigin refuses requests a browser marks as coming from another site.
// Requests without Origin or Sec-Fetch-Site (old browsers, tools) rely on the
// double-submit token alone.
func (s *Server) sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "cross-site", "same-site":
		return false
	case "same-origin":
		// The browser vouches for the origin (pages cannot set
		// Sec-Fetch-*), whatever its Origin header says: Chromium sends
		// "null" under a no-referrer policy.
		return true
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	// The page may be reached under another host name than the base URL's
	// (localhost for 127.0.0.1); the Host header is not something a
	// cross-site page can set.
	return origin == s.BaseURL.Scheme+"://"+s.BaseURL.Host || origin == s.BaseURL.Scheme+"://"+r.Host
}
