package oauth

import (
	"encoding/json"
	"net/http"
)

// Error is an OAuth 2.0 error answer (RFC 6749 §5.2).
type Error struct {
	Status      int    `json:"-"`
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Description }

// Errors of the token endpoint.
func InvalidRequest(desc string) *Error {
	return &Error{http.StatusBadRequest, "invalid_request", desc}
}
func InvalidGrant(desc string) *Error { return &Error{http.StatusBadRequest, "invalid_grant", desc} }
func InvalidScope(desc string) *Error { return &Error{http.StatusBadRequest, "invalid_scope", desc} }
func InvalidClient(desc string) *Error {
	return &Error{http.StatusUnauthorized, "invalid_client", desc}
}
func UnsupportedGrantType(desc string) *Error {
	return &Error{http.StatusBadRequest, "unsupported_grant_type", desc}
}

// WriteOAuth writes an OAuth answer with the headers RFC 6749 asks for.
func WriteOAuth(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json;charset=UTF-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
