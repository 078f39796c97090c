package web

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
	"golang.org/x/oauth2"

	"github.com/pingclone/aic-console/handlers"
	"github.com/pingclone/aic-console/tenantapi"
)

// requireSignIn sends a browser without a live access token through the
// tenant's sign-in (authorization code + PKCE) and back to where it was going.
func (a *app) requireSignIn(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !signedIn(c, a.now()) {
			return a.startSignIn(c, returnPath(c))
		}
		return next(c)
	}
}

// returnPath is where to come back after signing in: the page itself for a
// GET, the page the form was on otherwise (its entered values are lost, the
// token having expired).
func returnPath(c echo.Context) string {
	r := c.Request()
	if r.Method == http.MethodGet {
		return r.URL.RequestURI()
	}
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Path != "" {
		if p := safeReturn(ref.RequestURI()); p != "" {
			return p
		}
	}
	return "/admin/service-accounts"
}

// safeReturn accepts only a path inside the console.
func safeReturn(p string) string {
	if !strings.HasPrefix(p, "/admin/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
		return ""
	}
	if strings.HasPrefix(p, "/admin/oauth/") {
		return "/admin/"
	}
	return p
}

// startSignIn stores a fresh state and PKCE verifier and sends the browser to
// the tenant's authorization endpoint.
func (a *app) startSignIn(c echo.Context, returnTo string) error {
	s := session(c)
	state, verifier := randomToken(), oauth2.GenerateVerifier()
	s.Values[keyState] = state
	s.Values[keyVerifier] = verifier
	s.Values[keyReturnTo] = safeReturn(returnTo)
	delete(s.Values, keyToken)
	if err := saveSession(c); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Redirect(http.StatusFound, a.oauth.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier)))
}

// callback is GET /admin/oauth/callback: check the state, exchange the code
// (with the PKCE verifier) for the administrator's token, learn who they are,
// and go back to where they were going.
func (a *app) callback(c echo.Context) error {
	s := session(c)
	want, _ := s.Values[keyState].(string)
	verifier, _ := s.Values[keyVerifier].(string)
	got := c.QueryParam("state")
	if want == "" || got == "" || subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 {
		return signInFailed("The sign-in answer didn't match a sign-in started here (it may have been used already). Please sign in again.")
	}
	delete(s.Values, keyState)
	delete(s.Values, keyVerifier)
	if e := c.QueryParam("error"); e != "" {
		_ = saveSession(c)
		return signInFailed("The tenant didn't sign you in (" + oauthErrorText(e) + "). Please try again.")
	}
	code := c.QueryParam("code")
	if code == "" {
		_ = saveSession(c)
		return signInFailed("The tenant's answer carried no authorization code. Please sign in again.")
	}
	ctx := context.WithValue(c.Request().Context(), oauth2.HTTPClient, a.tenantHTTP)
	tok, err := a.oauth.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		a.log.Warn("console sign-in: code exchange failed", "err", err)
		_ = saveSession(c)
		return signInFailed("The tenant refused the sign-in. Please sign in again.")
	}
	who, err := a.api.WhoAmI(c.Request().Context(), tok.AccessToken)
	if err != nil {
		_ = saveSession(c)
		return err
	}
	// Keep the session ID (and the keys waiting for download under it) only
	// when the same administrator signs in again after a token expired;
	// anyone else starts with a fresh one.
	if prev, _ := s.Values[keyUser].(string); prev != who.AuthenticationID {
		delete(s.Values, keySID)
	}
	ensureSID(c)
	// A new session ID for the signed-in session: an ID the browser held
	// before signing in (or one planted on it) opens nothing.
	if err := a.sessions.renew(c.Request(), s); err != nil {
		return err
	}
	s.Values[keyToken] = tok.AccessToken
	s.Values[keyExpiry] = int64(0)
	if !tok.Expiry.IsZero() {
		s.Values[keyExpiry] = tok.Expiry.Unix()
	}
	s.Values[keyUser] = who.AuthenticationID
	s.Values[keyRole] = who.Authorization.Role
	to, _ := s.Values[keyReturnTo].(string)
	delete(s.Values, keyReturnTo)
	if to = safeReturn(to); to == "" {
		to = "/admin/"
	}
	if err := saveSession(c); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, to)
}

// signOut is POST /admin/sign-out: end the console session on the server
// (a copy of its cookie opens nothing, even after a restart), then end the
// tenant session, which sends the browser back to the console.
func (a *app) signOut(c echo.Context) error {
	s := session(c)
	for k := range s.Values {
		delete(s.Values, k)
	}
	s.Options.MaxAge = -1
	if err := saveSession(c); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, tenantapi.EndSessionURL(a.browserTenant, a.baseURL+"/admin/"))
}

func signInFailed(msg string) error {
	return &handlers.PageError{Status: http.StatusBadRequest, Heading: "Sign-in failed", Message: msg, BackURL: "/admin/", BackLabel: "Sign in"}
}

func oauthErrorText(code string) string {
	switch code {
	case "access_denied":
		return "access was denied"
	case "invalid_scope":
		return "a requested scope isn't allowed"
	case "invalid_request", "unauthorized_client", "unsupported_response_type":
		return "the request was refused"
	}
	return "an error occurred"
}
