package oauth

import (
	"errors"
	"net/http"
)

// TokenResponse is a successful token endpoint answer.
type TokenResponse struct {
	AccessToken string `json:"access_token"`
	Scope       string `json:"scope"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	IDToken     string `json:"id_token,omitempty"`
}

// AccessToken serves POST /am/oauth2/access_token, dispatching on grant_type.
// Every failure becomes an OAuth error body here; nothing else is ever sent.
func (s *Server) AccessToken(w http.ResponseWriter, r *http.Request) error {
	err := s.accessToken(w, r)
	if err == nil {
		return nil
	}
	var oe *Error
	if !errors.As(err, &oe) {
		s.Log.Error("token endpoint failed", "err", err)
		oe = &Error{Status: http.StatusInternalServerError, Code: "server_error", Description: "The server could not issue a token"}
	}
	outcomeOf(r.Context()).Refused = oe
	WriteOAuth(w, oe.Status, oe)
	return nil
}

func (s *Server) accessToken(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return InvalidRequest("The request body is too large")
		}
		return InvalidRequest("The request body is not a valid form")
	}
	grantType := r.PostForm.Get("grant_type")
	if grantType == "" {
		return InvalidRequest("Missing parameter: grant_type")
	}
	grant, ok := s.grants[grantType]
	if !ok {
		return UnsupportedGrantType("Grant type is not supported: " + grantType)
	}
	return grant(w, r)
}
