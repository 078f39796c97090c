package oauth

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"regexp"
	"time"

	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/store"
)

// AdminTokenLifetime is how long an administrator's access token lasts.
const AdminTokenLifetime = 3599 * time.Second

func init() {
	grantRegistrations = append(grantRegistrations, func(s *Server) {
		s.grants["authorization_code"] = s.authorizationCodeGrant
	})
}

// pkceVerifier is a code_verifier as RFC 7636 §4.1 allows it.
var pkceVerifier = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)

var errInvalidCode = InvalidGrant("The provided access grant is invalid, expired, or revoked.")

// authorizationCodeGrant redeems a code from /am/oauth2/authorize for
// idmAdminClient (a public client: a Basic secret is ignored; PKCE proves
// the caller is the one that asked for the code).
func (s *Server) authorizationCodeGrant(w http.ResponseWriter, r *http.Request) error {
	clientID, err := publicClientID(r)
	if err != nil {
		return err
	}
	code := r.PostForm.Get("code")
	redirectURI := r.PostForm.Get("redirect_uri")
	verifier := r.PostForm.Get("code_verifier")
	switch {
	case code == "":
		return InvalidRequest("Missing parameter: code")
	case redirectURI == "":
		return InvalidRequest("Missing parameter: redirect_uri")
	case verifier == "":
		return InvalidRequest("Missing parameter: code_verifier (PKCE is required)")
	case !pkceVerifier.MatchString(verifier):
		return InvalidRequest("code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~")
	}

	granted, result := s.signin.codes.redeem(code)
	switch result {
	case codeUnknown:
		return errInvalidCode
	case codeReused:
		// RFC 6749 §4.1.2: a code used twice revokes what it gave.
		for _, id := range granted.tokenIDs {
			s.signin.revoked.revoke(id, granted.tokenExpiry)
		}
		s.Log.Warn("authorization code reused; tokens issued with it are revoked",
			"username", granted.username, "revoked", len(granted.tokenIDs))
		return errInvalidCode
	}
	if granted.clientID != clientID {
		return errInvalidCode
	}
	if granted.redirectURI != redirectURI {
		return InvalidGrant("redirect_uri does not match the one of the authorization request")
	}
	if !pkceMatches(granted.codeChallenge, verifier) {
		return InvalidGrant("The code_verifier does not match the code_challenge")
	}
	admin, err := s.Store.GetAdmin(r.Context(), granted.username)
	if errors.Is(err, store.ErrNotFound) {
		return errInvalidCode
	}
	if err != nil {
		return err
	}
	now := s.clock()
	token, claims, err := s.Signer.Mint(auth.KindAdmin, admin.Username, admin.Role, granted.scope, AdminTokenLifetime, now)
	if err != nil {
		return err
	}
	s.signin.codes.issuedToken(code, claims.ID, claims.ExpiresAt.Time)
	noteIssued(r.Context(), claims, "")
	s.Log.Info("administrator access token issued", "username", admin.Username, "role", admin.Role, "jti", claims.ID)
	WriteOAuth(w, http.StatusOK, TokenResponse{
		AccessToken: token, Scope: granted.scope, TokenType: "Bearer",
		ExpiresIn: int(AdminTokenLifetime / time.Second),
	})
	return nil
}

// publicClientID reads the client from the form or HTTP Basic (whose secret
// is ignored: idmAdminClient is public). Both given and different is refused.
func publicClientID(r *http.Request) (string, error) {
	form := r.PostForm.Get("client_id")
	basic, _, hasBasic := r.BasicAuth()
	if r.Header.Get("Authorization") != "" && !hasBasic {
		return "", InvalidClient("Client authentication failed")
	}
	id := form
	if hasBasic {
		if form != "" && form != basic {
			return "", InvalidRequest("client_id in the form and in the Authorization header differ")
		}
		id = basic
	}
	switch {
	case id == "":
		return "", InvalidClient("Client authentication failed: client_id is missing")
	case id != AdminClientID:
		return "", InvalidClient("Client authentication failed")
	}
	return id, nil
}

// pkceMatches checks an S256 challenge against its verifier (RFC 7636 §4.6).
func pkceMatches(challenge, verifier string) bool {
	sum := sha256.Sum256([]byte(verifier))
	return sameToken(challenge, base64.RawURLEncoding.EncodeToString(sum[:]))
}

// Revoked reports whether an access token was revoked before its expiry
// (the auth.Authenticator consults it for every bearer token).
func (s *Server) Revoked(tokenID string) bool { return s.signin.revoked.isRevoked(tokenID) }
