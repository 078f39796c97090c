package handlers

import (
	"errors"
	"net/http"

	"github.com/pingclone/aic-console/tenantapi"
	"github.com/pingclone/aic-console/views/model"
)

// PageError is a failure shown to the user as a page with a way back.
type PageError struct {
	Status    int
	Heading   string
	Message   string
	BackURL   string
	BackLabel string
	cause     error
}

func (e *PageError) Error() string {
	if e.cause != nil {
		return e.Heading + ": " + e.cause.Error()
	}
	return e.Heading
}

func (e *PageError) Unwrap() error { return e.cause }

const backToList = "Back to Service Accounts"

// Forbidden is the page an auditor gets on a change route.
func Forbidden() *PageError {
	return &PageError{Status: http.StatusForbidden, Heading: "You can't make changes",
		Message: "Your role lets you view service accounts but not change them. Only a tenant administrator can create, modify or delete service accounts.",
		BackURL: "/admin/service-accounts", BackLabel: backToList}
}

// NotFound is the page for an unknown address.
func NotFound() *PageError {
	return &PageError{Status: http.StatusNotFound, Heading: "Page not found",
		Message: "There is nothing at this address.", BackURL: "/admin/", BackLabel: "Back to the console"}
}

// FormExpired is the page for a form whose CSRF token was missing or wrong.
func FormExpired(back string) *PageError {
	if back == "" {
		back = "/admin/service-accounts"
	}
	return &PageError{Status: http.StatusForbidden, Heading: "Form expired",
		Message: model.TextFormExpired + " Go back, reload the page and submit it again.", BackURL: back, BackLabel: "Try again"}
}

// ErrorPageFor turns any error of a flow into the page that explains it.
// It never shows a Go error string: only our texts and the tenant's own messages.
func ErrorPageFor(err error) *PageError {
	var pe *PageError
	if errors.As(err, &pe) {
		return pe
	}
	if tenantapi.IsUnreachable(err) {
		return &PageError{Status: http.StatusBadGateway, Heading: "The tenant can't be reached",
			Message: "The console couldn't reach the tenant API. Check that the tenant is running, then try again.",
			BackURL: "/admin/service-accounts", BackLabel: "Try again", cause: err}
	}
	switch tenantapi.StatusOf(err) {
	case http.StatusUnauthorized:
		return &PageError{Status: http.StatusUnauthorized, Heading: "Please sign in again",
			Message: "Your session with the tenant has ended.", BackURL: "/admin/", BackLabel: "Sign in", cause: err}
	case http.StatusForbidden:
		pe := Forbidden()
		pe.Message = "The tenant refused this action for your account. Only a tenant administrator can create, modify or delete service accounts."
		pe.cause = err
		return pe
	case http.StatusNotFound:
		return &PageError{Status: http.StatusNotFound, Heading: "Service account not found",
			Message: "This service account doesn't exist. It may have been deleted by someone else.",
			BackURL: "/admin/service-accounts", BackLabel: backToList, cause: err}
	case http.StatusPreconditionFailed, http.StatusConflict:
		return &PageError{Status: http.StatusConflict, Heading: "Changed by someone else",
			Message: "Someone else changed this service account meanwhile; nothing was saved. Reload it and try again.",
			BackURL: "/admin/service-accounts", BackLabel: backToList, cause: err}
	case http.StatusBadRequest:
		msg := "The tenant refused the request."
		var te *tenantapi.Error
		if errors.As(err, &te) && te.Message != "" {
			msg = "The tenant refused the request: " + te.Message
		}
		return &PageError{Status: http.StatusBadRequest, Heading: "Request refused", Message: msg,
			BackURL: "/admin/service-accounts", BackLabel: backToList, cause: err}
	}
	return &PageError{Status: http.StatusInternalServerError, Heading: "Something went wrong",
		Message: "The request couldn't be completed. Try again; if it keeps failing, contact your tenant's support.",
		BackURL: "/admin/service-accounts", BackLabel: backToList, cause: err}
}
