// Package crest writes JSON answers and errors in the shape of ForgeRock's
// Common REST (CREST), as a real tenant sends them.
package crest

import (
	"encoding/json"
	"net/http"
)

// Error is a CREST error body.
type Error struct {
	Code    int            `json:"code"`
	Reason  string         `json:"reason"`
	Message string         `json:"message"`
	Detail  map[string]any `json:"detail,omitempty"`
}

// Error implements error, so handlers can return a *Error up to one writer.
func (e *Error) Error() string { return e.Message }

// NewError builds an error with the reason phrase matching code.
func NewError(code int, message string) *Error {
	return &Error{Code: code, Reason: http.StatusText(code), Message: message}
}

// WithDetail names the field (and anything else useful) an error is about.
func (e *Error) WithDetail(k string, v any) *Error {
	if e.Detail == nil {
		e.Detail = map[string]any{}
	}
	e.Detail[k] = v
	return e
}

// Common errors with the messages real tenants send.
func BadRequest(msg string) *Error { return NewError(http.StatusBadRequest, msg) }
func Unauthorized() *Error         { return NewError(http.StatusUnauthorized, "Access Denied") }
func Forbidden() *Error            { return NewError(http.StatusForbidden, "Access denied") }
func NotFound(msg string) *Error   { return NewError(http.StatusNotFound, msg) }
func Conflict(msg string) *Error   { return NewError(http.StatusConflict, msg) }
func PreconditionFailed() *Error {
	return NewError(http.StatusPreconditionFailed, "Precondition Failed: resource version does not match")
}
func Internal() *Error                 { return NewError(http.StatusInternalServerError, "Internal Server Error") }
func NotImplemented(msg string) *Error { return NewError(http.StatusNotImplemented, msg) }

// FieldError is a 400 naming the offending field in detail.
func FieldError(field, msg string) *Error {
	return BadRequest(msg).WithDetail("field", field)
}

// WriteJSON writes v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// WriteError writes e; any other error becomes a bare 500 body (never its text).
func WriteError(w http.ResponseWriter, err error) {
	e, ok := err.(*Error)
	if !ok {
		e = Internal()
	}
	WriteJSON(w, e.Code, e)
}
