package oauth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/scopes"
)

// The JWT bearer grant (RFC 7523) with which service accounts obtain tokens.
const (
	JWTBearerGrantType     = "urn:ietf:params:oauth:grant-type:jwt-bearer"
	ServiceAccountClientID = "service-account"
	// ServiceAccountTokenTTL is the lifetime of the tokens the grant issues
	// (expires_in 899, as real tenants answer).
	ServiceAccountTokenTTL = 899 * time.Second
)

func init() {
	grantRegistrations = append(grantRegistrations, func(s *Server) {
		g := &jwtBearerGrant{
			verifier: NewAssertionVerifier(NewStoreAccounts(s.Store), NewStoreReplayGuard(s.Store, s.Now), s.BaseURL.String(), s.Now),
			signer:   s.Signer,
			now:      s.Now,
		}
		if g.now == nil {
			g.now = time.Now
		}
		s.grants[JWTBearerGrantType] = g.serve
	})
}

type jwtBearerGrant struct {
	verifier *AssertionVerifier
	signer   *auth.Signer
	now      func() time.Time
}

// serve handles grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer.
func (g *jwtBearerGrant) serve(w http.ResponseWriter, r *http.Request) error {
	form := r.PostForm
	if err := singleValued(form, "client_id", "assertion", "scope"); err != nil {
		return err
	}
	if clientID := form.Get("client_id"); clientID != ServiceAccountClientID {
		if clientID == "" {
			return InvalidClient("Client authentication failed: client_id must be " + ServiceAccountClientID)
		}
		return InvalidClient("Client authentication failed")
	}
	assertion := form.Get("assertion")
	if assertion == "" {
		return InvalidRequest("Missing parameter: assertion")
	}
	requested, scopeGiven, err := parseScopeParam(form["scope"])
	if err != nil {
		return err
	}
	ctx, end := g.verifier.replay.Expect(r.Context())
	defer end()
	a, err := g.verifier.Verify(ctx, assertion)
	if err != nil {
		return err
	}
	granted, err := grantScopes(a.Account.Scopes, requested, scopeGiven)
	if err != nil {
		return err
	}
	// The token is minted first so that the assertion's jti and the record of
	// the token (see GrantOutcome.RecordIssue) commit in one transaction; a
	// token minted for a replayed assertion is dropped unsent.
	scope := strings.Join(granted, " ")
	token, claims, err := g.signer.Mint(auth.KindServiceAccount, a.Account.ID, "", scope, ServiceAccountTokenTTL, g.now())
	if err != nil {
		return fmt.Errorf("jwt bearer grant: %w", err)
	}
	outcome := outcomeOf(ctx)
	noteIssued(ctx, claims, a.Account.Name)
	var record TxWrite
	if outcome.RecordIssue != nil {
		record = outcome.RecordIssue()
	}
	if err := g.verifier.Consume(ctx, a, record); err != nil {
		outcome.Issued, outcome.AccountName = nil, ""
		return err
	}
	outcome.IssueRecorded = record != nil
	WriteOAuth(w, http.StatusOK, TokenResponse{
		AccessToken: token, Scope: scope, TokenType: "Bearer",
		ExpiresIn: int(ServiceAccountTokenTTL / time.Second),
	})
	return nil
}

// singleValued refuses a request that repeats one of names (RFC 6749 §3.2:
// request parameters must not be included more than once).
func singleValued(form map[string][]string, names ...string) error {
	for _, n := range names {
		if len(form[n]) > 1 {
			return InvalidRequest("Parameter " + n + " must not be repeated")
		}
	}
	return nil
}

// maxScopeParam bounds the scope parameter; the whole catalogue is far shorter.
const maxScopeParam = 2048

// parseScopeParam splits the scope parameter. given is false when the client
// asked for no particular scope (absent or blank), which means all of the
// account's scopes.
func parseScopeParam(values []string) (requested []string, given bool, err error) {
	if len(values) == 0 || strings.TrimSpace(values[0]) == "" {
		return nil, false, nil
	}
	if len(values[0]) > maxScopeParam {
		return nil, false, InvalidScope("The scope parameter is too long")
	}
	seen := map[string]bool{}
	for _, s := range scopes.Split(values[0]) {
		if !validScopeToken(s) {
			return nil, false, InvalidScope("The scope parameter contains characters a scope may not hold")
		}
		if !seen[s] {
			seen[s] = true
			requested = append(requested, s)
		}
	}
	return requested, true, nil
}

// validScopeToken applies RFC 6749 §3.3 (scope-token = 1*NQCHAR) and keeps
// commas out, since the invalid_scope description lists scopes comma-separated.
func validScopeToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x21 || c > 0x7e || c == '"' || c == '\\' || c == ',' {
			return false
		}
	}
	return s != ""
}

// grantScopes decides the token's scopes: every requested scope must be
// covered by one the account holds (a parent covers its children, not the
// reverse); restricted scopes never. No request means all the account's
// assignable scopes.
func grantScopes(held, requested []string, given bool) ([]string, error) {
	if !given {
		var all []string
		for _, s := range held {
			if scopes.Known(s) && !scopes.Restricted(s) {
				all = append(all, s)
			}
		}
		if len(all) == 0 {
			return nil, InvalidScope("The service account holds no scope")
		}
		return all, nil
	}
	var unsupported []string
	for _, s := range requested {
		if !scopes.CoveredBy(held, s) {
			unsupported = append(unsupported, s)
		}
	}
	if len(unsupported) > 0 {
		return nil, InvalidScope("Unsupported scope for service account: " + strings.Join(unsupported, ","))
	}
	return requested, nil
}

// ErrAccountNotFound is what a ServiceAccounts source returns (wrapped) for an
// unknown id.
var ErrAccountNotFound = errors.New("service account not found")

// ServiceAccount is what the grant needs to know of an account.
type ServiceAccount struct {
	ID     string
	Name   string
	Active bool
	Scopes []string
	JWKS   string // JSON Web Key Set of public keys
}

// ServiceAccounts looks service accounts up by _id.
type ServiceAccounts interface {
	ServiceAccount(ctx context.Context, id string) (ServiceAccount, error)
}

// ReplayGuard remembers assertion jtis until their assertion expires.
type ReplayGuard interface {
	// Expect tells the guard that a grant has started which will most likely
	// Consume (with the returned context) soon, so the guard may wait for it
	// to record several uses together; end is called when the grant is over.
	Expect(ctx context.Context) (_ context.Context, end func())
	// Consume records (issuer, jti); false means it was already used. along,
	// when not nil, is written in the same transaction if the use is fresh.
	Consume(ctx context.Context, issuer, jti string, expires time.Time, along TxWrite) (bool, error)
}

// TxWrite is a write made inside another's transaction.
type TxWrite = func(ctx context.Context, tx *sql.Tx) error
