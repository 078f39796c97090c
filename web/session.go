package web

import (
	"crypto/rand"
	"encoding/base64"
	"strings"
	"time"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"github.com/pingclone/aic-console/views/model"
)

// SessionCookie is the console's session cookie, distinct from the tenant's
// iPlanetDirectoryPro.
const SessionCookie = "aic_console_session"

// SessionMaxAge bounds a console session from its sign-in; the access token
// inside usually expires first, and then the browser goes through sign-in
// again.
const SessionMaxAge = 8 * time.Hour

// Session values.
const (
	keySID       = "sid"
	keyToken     = "token"
	keyExpiry    = "exp"
	keyUser      = "user"
	keyRole      = "role"
	keyState     = "oauth_state"
	keyVerifier  = "oauth_verifier"
	keyReturnTo  = "return_to"
	ctxSession   = "console.session"
	flashDivider = "\x1f"
)

// session is the request's console session, loaded once by the middleware.
func session(c echo.Context) *sessions.Session {
	s, _ := c.Get(ctxSession).(*sessions.Session)
	return s
}

// loadSession puts the console session in the request context, once per
// request. An unknown, expired or signed-out session ID gives a fresh, empty
// session; so does a failure to read the sessions file (logged).
func (a *app) loadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		s, err := a.sessions.Get(c.Request(), SessionCookie)
		if err != nil {
			a.log.Error("console session could not be read", "err", err)
		}
		c.Set(ctxSession, s)
		return next(c)
	}
}

func saveSession(c echo.Context) error {
	return session(c).Save(c.Request(), c.Response())
}

func sessionString(c echo.Context, key string) string {
	v, _ := session(c).Values[key].(string)
	return v
}

// signedIn reports whether the session holds an access token not yet expired.
func signedIn(c echo.Context, now time.Time) bool {
	s := session(c)
	tok, _ := s.Values[keyToken].(string)
	exp, _ := s.Values[keyExpiry].(int64)
	return tok != "" && (exp == 0 || now.Unix() < exp)
}

// currentUser is the signed-in administrator.
func currentUser(c echo.Context) model.User {
	role := sessionString(c, keyRole)
	return model.User{Name: sessionString(c, keyUser), Role: role, CanChange: role == "tenant-admin"}
}

// addFlash queues a message for the next page.
func addFlash(c echo.Context, f model.Flash) {
	session(c).AddFlash(f.Kind + flashDivider + f.Text)
}

// popFlashes takes the queued messages; it saves the session only when there were any.
func popFlashes(c echo.Context) []model.Flash {
	s := session(c)
	if _, ok := s.Values["_flash"]; !ok {
		return nil
	}
	var out []model.Flash
	for _, v := range s.Flashes() {
		str, _ := v.(string)
		kind, text, ok := strings.Cut(str, flashDivider)
		if ok {
			out = append(out, model.Flash{Kind: kind, Text: text})
		}
	}
	_ = saveSession(c)
	return out
}

// ensureSID gives the session its random ID if it has none yet.
func ensureSID(c echo.Context) string {
	s := session(c)
	if sid, _ := s.Values[keySID].(string); sid != "" {
		return sid
	}
	sid := randomToken()
	s.Values[keySID] = sid
	return sid
}

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
