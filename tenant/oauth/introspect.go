package oauth

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/pingclone/aic-console/tenant/auth"
)

// Introspection is an RFC 7662 answer. An inactive token gets only
// {"active":false}.
type Introspection struct {
	Active    bool   `json:"active"`
	Scope     string `json:"scope,omitempty"`
	ClientID  string `json:"client_id,omitempty"`
	Username  string `json:"username,omitempty"`
	TokenType string `json:"token_type,omitempty"`
	Exp       int64  `json:"exp,omitempty"`
	Iat       int64  `json:"iat,omitempty"`
	Nbf       int64  `json:"nbf,omitempty"`
	Sub       string `json:"sub,omitempty"`
	Iss       string `json:"iss,omitempty"`
	JTI       string `json:"jti,omitempty"`
	Realm     string `json:"realm,omitempty"`
	Kind      string `json:"subject_type,omitempty"`
}

// AdminClientID is the client administrators' tokens are issued to.
const AdminClientID = "idmAdminClient"

// Introspect serves POST /am/oauth2/introspect (RFC 7662) for tenant
// administrators and auditors; the route's guard authenticates the caller.
// A token that is unknown, expired, or whose holder was deleted, deactivated
// or lost its role is inactive. A service account token reports only the
// scopes its account still holds.
func (s *Server) Introspect(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			WriteOAuth(w, http.StatusBadRequest, InvalidRequest("The request body is too large"))
			return nil
		}
		WriteOAuth(w, http.StatusBadRequest, InvalidRequest("The request body is not a valid form"))
		return nil
	}
	token := strings.TrimSpace(r.PostForm.Get("token"))
	if token == "" {
		WriteOAuth(w, http.StatusBadRequest, InvalidRequest("Missing parameter: token"))
		return nil
	}
	p, claims, err := s.Authn.Inspect(r.Context(), token)
	if err != nil {
		if errors.Is(err, auth.ErrBadCredentials) || errors.Is(err, auth.ErrNoCredentials) {
			WriteOAuth(w, http.StatusOK, Introspection{Active: false})
			return nil
		}
		return err
	}
	out := Introspection{
		Active: true, Scope: strings.Join(p.Scopes, " "), TokenType: "Bearer",
		Sub: claims.Subject, Iss: claims.Issuer, JTI: claims.ID, Realm: "/", Kind: string(p.Kind),
	}
	if claims.ExpiresAt != nil {
		out.Exp = claims.ExpiresAt.Unix()
	}
	if claims.IssuedAt != nil {
		out.Iat = claims.IssuedAt.Unix()
	}
	if claims.NotBefore != nil {
		out.Nbf = claims.NotBefore.Unix()
	}
	switch p.Kind {
	case auth.KindServiceAccount:
		out.ClientID = ServiceAccountClientID
	case auth.KindAdmin:
		out.ClientID, out.Username = AdminClientID, p.Subject
	}
	WriteOAuth(w, http.StatusOK, out)
	return nil
}

// JWKURI serves GET /am/oauth2/connect/jwk_uri: the public keys the tenant
// signs its tokens with.
func (s *Server) JWKURI(w http.ResponseWriter, r *http.Request) error {
	b, err := json.Marshal(s.Signer.PublicJWKS())
	if err != nil {
		return fmt.Errorf("encode tenant key set: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=UTF-8")
	h.Set("Cache-Control", "public, max-age=300")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(append(b, '\n'))
	return nil
}
