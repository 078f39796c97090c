package tenant

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pingclone/aic-console/tenant/audit"
	"github.com/pingclone/aic-console/tenant/crest"
)

// The audit trail's read API (documented in docs/AUDIT-API.md). Tenant
// administrators and auditors may read it; service account tokens get 403.
// Nothing in the API changes or deletes an event.
func (t *Tenant) auditRoutes(mux *http.ServeMux) {
	mux.Handle("GET /environment/audit/events", t.guard(anyAdministrator, t.auditEvents))
	mux.Handle("GET /environment/audit/events/export", t.guard(anyAdministrator, t.auditExport))
	mux.Handle("GET /environment/audit/service-accounts/{id}/activity", t.guard(anyAdministrator, t.auditActivity))
	mux.Handle("/environment/audit/", t.open(func(w http.ResponseWriter, r *http.Request) error {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET")
			return crest.NewError(http.StatusMethodNotAllowed, "The audit trail is read-only")
		}
		return crest.NotFound("Resource '" + r.URL.Path + "' not found")
	}))
}

// auditEvents serves GET /environment/audit/events: one page, newest first.
func (t *Tenant) auditEvents(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, err := auditFilter(q)
	if err != nil {
		return err
	}
	size := audit.DefaultPageSize
	if s := q.Get("_pageSize"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return crest.FieldError("_pageSize", "_pageSize must be a positive whole number")
		}
		size = min(n, audit.MaxPageSize)
	}
	page, err := audit.List(r.Context(), t.store.DB(), f, size, q.Get("_pagedResultsCookie"))
	if errors.Is(err, audit.ErrBadCookie) {
		return crest.FieldError("_pagedResultsCookie", "The paged results cookie is not valid")
	}
	if err != nil {
		return err
	}
	var cookie *string
	if page.Next != "" {
		cookie = &page.Next
	}
	crest.WriteJSON(w, http.StatusOK, map[string]any{
		"result": page.Events, "resultCount": len(page.Events), "pagedResultsCookie": cookie,
		"totalPagedResultsPolicy": "NONE", "totalPagedResults": -1, "remainingPagedResults": -1,
	})
	return nil
}

// auditExport serves GET /environment/audit/events/export?format=csv|json:
// every event the filters select, streamed from the database as it is read.
func (t *Tenant) auditExport(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, err := auditFilter(q)
	if err != nil {
		return err
	}
	format := strings.ToLower(q.Get("format"))
	if format == "" {
		format = audit.FormatCSV
	}
	var contentType string
	switch format {
	case audit.FormatCSV:
		contentType = "text/csv; charset=utf-8"
	case audit.FormatJSON:
		contentType = "application/json; charset=utf-8"
	default:
		return crest.FieldError("format", "format must be csv or json")
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="audit-events-%s.%s"`,
		t.now().UTC().Format("20060102T150405Z"), format))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	err = audit.Export(r.Context(), t.store.DB(), f, format, w, func() { _ = rc.Flush() })
	if err != nil {
		// The status line is gone: cut the connection so the client sees a
		// broken download instead of a complete-looking, truncated file.
		t.log.Error("audit export failed", "request_id", crest.RequestID(r), "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

// auditActivity serves GET /environment/audit/service-accounts/{id}/activity.
func (t *Tenant) auditActivity(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	a, err := audit.AccountActivity(r.Context(), t.store.DB(), id, t.now())
	if errors.Is(err, audit.ErrNoActivity) {
		return crest.NotFound("Service account '" + id + "' not found")
	}
	if err != nil {
		return err
	}
	crest.WriteJSON(w, http.StatusOK, a)
	return nil
}

// auditFilter reads the filters shared by the list and the export.
func auditFilter(q url.Values) (audit.Filter, error) {
	f := audit.Filter{
		Account: strings.TrimSpace(q.Get("account")),
		Actor:   strings.TrimSpace(q.Get("actor")),
		Outcome: strings.TrimSpace(q.Get("outcome")),
	}
	for _, v := range q["action"] {
		for _, a := range strings.Split(v, ",") {
			if a = strings.TrimSpace(a); a == "" {
				continue
			}
			if !audit.KnownAction(a) {
				return f, crest.FieldError("action", "Unknown action '"+a+"'; expected one of "+strings.Join(audit.Actions, ", "))
			}
			f.Actions = append(f.Actions, a)
		}
	}
	if f.Outcome != "" && f.Outcome != audit.OutcomeSuccess && f.Outcome != audit.OutcomeFailure {
		return f, crest.FieldError("outcome", "outcome must be success or failure")
	}
	var err error
	if f.From, err = auditTime(q.Get("from"), "from"); err != nil {
		return f, err
	}
	if f.To, err = auditTime(q.Get("to"), "to"); err != nil {
		return f, err
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return f, crest.FieldError("to", "to must be later than from")
	}
	return f, nil
}

// auditTime reads an RFC 3339 time, or a date (midnight UTC).
func auditTime(s, field string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, crest.FieldError(field, field+" must be an RFC 3339 time such as 2026-12-03T15:04:05Z, or a date such as 2026-12-03")
}
