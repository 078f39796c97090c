package tenantapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// Error is a non-2xx answer of the tenant, in CREST shape when the tenant
// sent one.
type Error struct {
	Op      string         // e.g. "GET /openidm/managed/svcacct/x"
	Status  int            // HTTP status
	Reason  string         // CREST reason
	Message string         // CREST message (the tenant's text, never a Go error)
	Detail  map[string]any // CREST detail, e.g. {"field":"name"}
	cause   error
}

func (e *Error) Error() string {
	return fmt.Sprintf("tenant %s: %d %s", e.Op, e.Status, e.Message)
}

func (e *Error) Unwrap() error { return e.cause }

// Field is the form field a validation error names, if any.
func (e *Error) Field() string {
	if e == nil || e.Detail == nil {
		return ""
	}
	f, _ := e.Detail["field"].(string)
	return f
}

// UnreachableError means the tenant could not be reached or its answer not read.
type UnreachableError struct {
	Op  string
	Err error
}

func (e *UnreachableError) Error() string { return "tenant " + e.Op + " unreachable: " + e.Err.Error() }
func (e *UnreachableError) Unwrap() error { return e.Err }

func parseError(op string, status int, body []byte) *Error {
	e := &Error{Op: op, Status: status, Reason: http.StatusText(status)}
	var crest struct {
		Code    int            `json:"code"`
		Reason  string         `json:"reason"`
		Message string         `json:"message"`
		Detail  map[string]any `json:"detail"`
	}
	if json.Unmarshal(body, &crest) == nil {
		if crest.Reason != "" {
			e.Reason = crest.Reason
		}
		e.Message, e.Detail = crest.Message, crest.Detail
	}
	return e
}

// StatusOf returns the tenant's HTTP status carried by err, or 0.
func StatusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// IsUnreachable reports whether err means the tenant could not be reached.
func IsUnreachable(err error) bool {
	var u *UnreachableError
	return errors.As(err, &u)
}

// Status helpers.
func IsUnauthorized(err error) bool       { return StatusOf(err) == http.StatusUnauthorized }
func IsForbidden(err error) bool          { return StatusOf(err) == http.StatusForbidden }
func IsNotFound(err error) bool           { return StatusOf(err) == http.StatusNotFound }
func IsPreconditionFailed(err error) bool { return StatusOf(err) == http.StatusPreconditionFailed }
func IsBadRequest(err error) bool         { return StatusOf(err) == http.StatusBadRequest }
