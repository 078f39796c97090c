package auth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/pingclone/aic-console/tenant/scopes"
	"github.com/pingclone/aic-console/tenant/store"
)

// ErrNoCredentials means the request carried neither a token nor a session.
var ErrNoCredentials = errors.New("no credentials")

// ErrBadCredentials means the token or session was not valid.
var ErrBadCredentials = errors.New("invalid credentials")

// AccountState is what a live check of a service account returns.
type AccountState struct {
	Exists bool
	Active bool
	Scopes []string
}

// AccountLookup reads a service account's current state, so that deleting,
// deactivating or removing a scope takes effect on the next API call.
type AccountLookup func(ctx context.Context, id string) (AccountState, error)

// Authenticator turns a request's bearer token or session cookie into a Principal.
type Authenticator struct {
	Signer      *Signer
	Store       *store.Store
	CookieName  string
	SessionIdle time.Duration
	Now         func() time.Time
	Accounts    AccountLookup
	// Revoked, when set, reports access tokens (by jti) revoked before expiry.
	Revoked func(tokenID string) bool
}

// Authenticate identifies the caller of r.
func (a *Authenticator) Authenticate(r *http.Request) (Principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			token, ok = strings.CutPrefix(h, "bearer ")
		}
		if !ok || strings.TrimSpace(token) == "" {
			return Principal{}, ErrBadCredentials
		}
		return a.fromToken(r.Context(), strings.TrimSpace(token))
	}
	if tokenID := a.SessionToken(r); tokenID != "" {
		sess, err := a.Store.LiveSession(r.Context(), tokenID, a.Now(), a.SessionIdle)
		if err != nil {
			return Principal{}, ErrBadCredentials
		}
		return Principal{Kind: KindAdmin, Subject: sess.Username, Role: sess.Role}, nil
	}
	return Principal{}, ErrNoCredentials
}

// SessionToken finds an AM session token as the cookie or as a header named
// like the cookie (real clients send either).
func (a *Authenticator) SessionToken(r *http.Request) string {
	if c, err := r.Cookie(a.CookieName); err == nil && c.Value != "" {
		return c.Value
	}
	return r.Header.Get(a.CookieName)
}

func (a *Authenticator) fromToken(ctx context.Context, token string) (Principal, error) {
	claims, err := a.Signer.Verify(token, a.Now())
	if err != nil {
		return Principal{}, ErrBadCredentials
	}
	if a.Revoked != nil && a.Revoked(claims.ID) {
		return Principal{}, ErrBadCredentials
	}
	p := Principal{Kind: claims.Kind, Subject: claims.Subject, Scopes: scopes.Split(claims.Scope), TokenID: claims.ID}
	switch claims.Kind {
	case KindAdmin:
		admin, err := a.Store.GetAdmin(ctx, claims.Subject)
		if err != nil {
			return Principal{}, ErrBadCredentials
		}
		p.Role = admin.Role // the current role, so a change applies at once
		return p, nil
	case KindServiceAccount:
		if a.Accounts == nil {
			return Principal{}, ErrBadCredentials
		}
		state, err := a.Accounts(ctx, claims.Subject)
		if err != nil || !state.Exists || !state.Active {
			return Principal{}, ErrBadCredentials
		}
		// Keep only the token's scopes the account still holds.
		live := p.Scopes[:0:0]
		for _, s := range p.Scopes {
			if scopes.CoveredBy(state.Scopes, s) {
				live = append(live, s)
			}
		}
		p.Scopes = live
		return p, nil
	}
	return Principal{}, ErrBadCredentials
}
