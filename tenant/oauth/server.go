// Package oauth is the tenant's AM half: server info, administrator
// authentication and sessions, the authorization endpoint and sign-in page,
// and the token endpoint with its grants.
package oauth

import (
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/store"
)

// Deps is what the AM endpoints need from the tenant.
type Deps struct {
	Store   *store.Store
	Signer  *auth.Signer
	Authn   *auth.Authenticator
	BaseURL *url.URL
	Now     func() time.Time
	Log     *slog.Logger
	// SessionMaxLifetime caps an administrator's AM session; zero means 8 hours.
	SessionMaxLifetime time.Duration
	// ConsoleBaseURLs are other consoles' base URLs (no trailing slash) whose
	// callback and post-logout pages are registered like the base URL's own.
	ConsoleBaseURLs []string
}

// grantFunc handles one grant_type at the token endpoint; it writes the
// answer itself (see WriteError for OAuth error bodies).
type grantFunc func(w http.ResponseWriter, r *http.Request) error

// Server holds the AM endpoints' state.
type Server struct {
	Deps
	grants map[string]grantFunc
	signin *signinState // administrator sign-in: throttle, codes, revocations
}

// grantRegistrations is filled by each grant's file (one file per grant
// type) from an init function, so grants are added without touching this file.
var grantRegistrations []func(s *Server)

// New builds the AM endpoints.
func New(d Deps) *Server {
	s := &Server{Deps: d, grants: map[string]grantFunc{}}
	s.signin = newSigninState(&s.Deps)
	for _, register := range grantRegistrations {
		register(s)
	}
	return s
}
