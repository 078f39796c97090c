package oauth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/store"
)

// errLoginFailure is a wrong user name or password, or a locked user name:
// callers cannot tell these apart.
var errLoginFailure = errors.New("login failure")

// maxUsernameBytes bounds the user names a sign-in attempt may give.
const maxUsernameBytes = 256

// signIn checks an administrator's credentials and opens an AM session.
// Unknown user names cost the same password hashing as known ones, and a user
// name with too many recent failures is refused without looking further.
// (signin_audit.go's signIn wraps it and records the outcome.)
func (s *Server) checkSignIn(ctx context.Context, username, password string) (store.Session, error) {
	// No administrator has a longer name (the CLI allows 128 characters); a
	// longer one is refused before it can take memory in the throttle.
	if len(username) > maxUsernameBytes || username == "" {
		auth.CheckPasswordConstantWork("", password)
		return store.Session{}, errLoginFailure
	}
	if !s.signin.throttle.begin(username) {
		auth.CheckPasswordConstantWork("", password)
		return store.Session{}, errLoginFailure
	}
	hash, role := "", ""
	admin, err := s.Store.GetAdmin(ctx, username)
	switch {
	case err == nil:
		hash, role = admin.PasswordHash, admin.Role
	case !errors.Is(err, store.ErrNotFound):
		return store.Session{}, err
	}
	if !auth.CheckPasswordConstantWork(hash, password) {
		return store.Session{}, errLoginFailure
	}
	s.signin.throttle.succeeded(username)
	return s.openSession(ctx, admin.Username, role)
}

func (s *Server) openSession(ctx context.Context, username, role string) (store.Session, error) {
	tokenID, err := randomToken(32)
	if err != nil {
		return store.Session{}, fmt.Errorf("new session token: %w", err)
	}
	now := s.clock().UTC()
	sess := store.Session{
		TokenID: tokenID, Username: username, Role: role,
		CreatedAt: now, LastAccess: now,
		IdleExpires: now.Add(s.Authn.SessionIdle), MaxExpires: now.Add(s.sessionMaxLifetime()),
	}
	if sess.IdleExpires.After(sess.MaxExpires) {
		sess.IdleExpires = sess.MaxExpires
	}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return store.Session{}, err
	}
	// Sign-ins are rare enough to sweep expired sessions on each one.
	if _, err := s.Store.PurgeExpiredSessions(ctx, now); err != nil {
		s.Log.Warn("purge expired AM sessions", "err", err)
	}
	return sess, nil
}

// currentSession is the live AM session the request names (cookie or header).
func (s *Server) currentSession(r *http.Request) (store.Session, bool) {
	tokenID := s.Authn.SessionToken(r)
	if tokenID == "" {
		return store.Session{}, false
	}
	return s.liveSession(r.Context(), tokenID)
}

func (s *Server) liveSession(ctx context.Context, tokenID string) (store.Session, bool) {
	if tokenID == "" || len(tokenID) > 256 {
		return store.Session{}, false
	}
	sess, err := s.Store.LiveSession(ctx, tokenID, s.clock(), s.Authn.SessionIdle)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			s.Log.Error("read AM session", "err", err)
		}
		return store.Session{}, false
	}
	return sess, true
}

// setSessionCookie hands the browser its AM session.
func (s *Server) setSessionCookie(w http.ResponseWriter, tokenID string) {
	http.SetCookie(w, &http.Cookie{
		Name: s.Authn.CookieName, Value: tokenID, Path: "/",
		HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: s.Authn.CookieName, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(0, 0),
		HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) secureCookies() bool { return s.BaseURL.Scheme == "https" }

// sameToken compares secrets in constant time.
func sameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
