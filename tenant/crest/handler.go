package crest

import (
	"log/slog"
	"net/http"
)

// HandlerFunc is a tenant handler that returns its error instead of writing it.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Handle turns h into an http.Handler; every error is written here, in one
// place: a *Error as its CREST body, anything else logged and answered as a
// bare 500 that never shows the Go error text.
func Handle(log *slog.Logger, h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		if _, ok := err.(*Error); !ok {
			log.Error("tenant request failed", "method", r.Method, "path", r.URL.Path,
				"request_id", RequestID(r), "err", err)
		}
		WriteError(w, err)
	})
}
