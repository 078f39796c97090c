package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/pingclone/aic-console/tenantapi"
	"github.com/pingclone/aic-console/views/model"
	"github.com/pingclone/aic-console/views/pages"
)

// AuditActions are the actions the tenant records (docs/AUDIT-API.md).
var AuditActions = []string{
	"svcacct.create", "svcacct.update", "svcacct.status", "svcacct.regenerate-key", "svcacct.delete",
	"token.granted", "token.refused", "signin.success", "signin.failure",
}

// Page sizes of the audit tables.
const (
	AuditPageSize   = 50
	DetailsPageSize = 20
)

const timeLayout = "2006-01-02 15:04:05 UTC"

// AuditLog is GET /admin/tenant-settings/audit: the tenant's audit trail,
// filtered and paged on the tenant, newest first.
func (h *Console) AuditLog(r *Request) (Result, error) {
	f, q := auditFiltersFrom(r.Query)
	m := model.AuditLogPage{
		Page:    r.Page(model.TextAuditLog, crumbTenantSettings, model.Crumb{Label: model.TextAudit}),
		Filters: f,
		Actions: AuditActions,
	}
	m.ExportCSVURL = auditExportURL(f, "csv")
	m.ExportJSONURL = auditExportURL(f, "json")
	if len(f.Errors) > 0 {
		return show(http.StatusUnprocessableEntity, pages.AuditLog(m))
	}
	q.PageSize, q.Cookie = AuditPageSize, r.Query.Get("after")
	page, err := h.API.AuditEvents(r.Ctx, r.Token, q)
	if filterErr(&m.Filters, err) {
		return show(http.StatusUnprocessableEntity, pages.AuditLog(m))
	}
	if err != nil {
		return Result{}, err
	}
	m.Rows = eventRows(page.Result)
	if q.Cookie != "" {
		m.FirstURL = auditLogURL(f, "")
	}
	if next := page.NextCookie(); next != "" {
		m.NextURL = auditLogURL(f, next)
	}
	return show(http.StatusOK, pages.AuditLog(m))
}

// AuditExportQuery reads the filters of an export request (the same as the
// Audit page's); a bad filter is a page error.
func AuditExportQuery(query url.Values) (tenantapi.AuditQuery, string, error) {
	f, q := auditFiltersFrom(query)
	if len(f.Errors) > 0 {
		return q, "", &PageError{Status: http.StatusBadRequest, Heading: "Export not possible",
			Message: "The filters are not valid; correct them on the Audit page and export again.",
			BackURL: auditLogURL(f, ""), BackLabel: "Back to the audit log"}
	}
	format := query.Get("format")
	if format != "csv" && format != "json" {
		return q, "", &PageError{Status: http.StatusBadRequest, Heading: "Export not possible",
			Message: "Choose CSV or JSON.", BackURL: auditLogURL(f, ""), BackLabel: "Back to the audit log"}
	}
	return q, format, nil
}

// AccountDetails is GET /admin/service-accounts/:id: the account, its
// activity and its own events. A deleted account still shows its trail.
func (h *Console) AccountDetails(r *Request) (Result, error) {
	id := r.Param("id")
	acct, err := h.API.GetServiceAccount(r.Ctx, r.Token, id)
	exists := err == nil
	if err != nil && !tenantapi.IsNotFound(err) {
		return Result{}, err
	}
	act, aerr := h.API.AccountActivity(r.Ctx, r.Token, id)
	if !exists && aerr != nil {
		if tenantapi.IsNotFound(aerr) {
			return Result{}, accountNotFound()
		}
		return Result{}, aerr
	}
	m := model.AccountDetailsPage{ID: id, Exists: exists, AllEventsURL: auditLogURL(model.AuditFilters{Account: id}, "")}
	if exists {
		m.Name, m.Status, m.Scopes = acct.Name, statusLabel(acct.Active()), acct.Scopes
		if acct.Description != nil {
			m.Description = *acct.Description
		}
	} else {
		m.Name, m.Status = act.Name, "Deleted"
	}
	if aerr == nil {
		m.Activity = activityView(act)
	}
	m.Page = r.Page(m.Name, accountsCrumbs(m.Name)...)
	cookie := r.Query.Get("after")
	page, err := h.API.AuditEvents(r.Ctx, r.Token, tenantapi.AuditQuery{Account: id, PageSize: DetailsPageSize, Cookie: cookie})
	if err != nil {
		return Result{}, err
	}
	m.Events = eventRows(page.Result)
	if cookie != "" {
		m.FirstURL = accountPath(id, "")
	}
	if next := page.NextCookie(); next != "" {
		m.NextURL = accountPath(id, "?after="+url.QueryEscape(next))
	}
	return show(http.StatusOK, pages.AccountDetails(m))
}

func accountNotFound() *PageError {
	return &PageError{Status: http.StatusNotFound, Heading: "Service account not found",
		Message: "There is no service account with this ID, and the audit trail has no events about one.",
		BackURL: "/admin/service-accounts", BackLabel: backToList}
}

func statusLabel(active bool) string {
	if active {
		return "Active"
	}
	return "Inactive"
}

// scopeImpact is the Edit page's impact preview for the scopes about to go.
func (h *Console) scopeImpact(r *Request, id string, removed []string) model.Impact {
	act, err := h.API.AccountActivity(r.Ctx, r.Token, id)
	if err != nil {
		return model.Impact{}
	}
	imp := model.Impact{Known: true}
	for _, s := range removed {
		u, _ := act.ScopeUse(s)
		u.Scope = s
		imp.Scopes = append(imp.Scopes, scopeUseRow(u))
	}
	return imp
}

// usageImpact is the Regenerate Key (key) or Delete (account) impact preview.
func (h *Console) usageImpact(r *Request, id string, keyOnly bool) model.Impact {
	act, err := h.API.AccountActivity(r.Ctx, r.Token, id)
	if err != nil {
		return model.Impact{}
	}
	imp := model.Impact{Known: true, Grants24h: act.Grants.Last24h, Grants30d: act.Grants.Last30d}
	switch {
	case keyOnly && act.Key != nil && act.Key.LastUsed != nil:
		imp.LastUsed = formatTime(*act.Key.LastUsed)
	case !keyOnly && act.LastGrant != nil:
		imp.LastUsed = formatTime(act.LastGrant.Time)
	}
	return imp
}

func activityView(a tenantapi.AccountActivity) model.ActivityView {
	v := model.ActivityView{
		Known: true, Created: stamp(a.Created), LastModified: stamp(a.LastModified), Deleted: stamp(a.Deleted),
		Grants24h: a.Grants.Last24h, Grants30d: a.Grants.Last30d,
		Refusals24h: a.Refusals.Last24h, Refusals30d: a.Refusals.Last30d,
	}
	if k := a.Key; k != nil {
		v.KeyThumbprints = k.Thumbprints
		v.KeySince = formatTime(k.Since)
		v.KeyAge = age(time.Duration(k.AgeSeconds) * time.Second)
		if k.LastUsed != nil {
			v.KeyLastUsed = formatTime(*k.LastUsed)
		}
	}
	if g := a.LastGrant; g != nil {
		v.LastGrant = formatTime(g.Time)
		v.LastGrantScopes = strings.Join(g.ScopesGranted, " ")
	}
	if rf := a.LastRefusal; rf != nil {
		v.LastRefusal = formatTime(rf.Time)
		v.RefusalReason = rf.Reason
	}
	for _, s := range a.Scopes {
		v.Scopes = append(v.Scopes, scopeUseRow(s))
	}
	for _, s := range a.RequestedScopes {
		if !s.Held {
			t := s.LastRequested
			v.OtherRequested = append(v.OtherRequested, scopeUseRow(tenantapi.ScopeUse{Scope: s.Scope, Requested: true, Requests: s.Requests, LastRequested: &t}))
		}
	}
	return v
}

func scopeUseRow(u tenantapi.ScopeUse) model.ScopeUseRow {
	row := model.ScopeUseRow{Scope: u.Scope, Requested: u.Requested, Requests: u.Requests, RequestedAs: strings.Join(u.RequestedAs, ", ")}
	if u.LastRequested != nil {
		row.LastRequested = formatTime(*u.LastRequested)
	}
	return row
}

func stamp(s *tenantapi.Stamp) string {
	if s == nil {
		return ""
	}
	return formatTime(s.Time) + " by " + s.By
}

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// age renders a duration as people read a key's age.
func age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute")
	case d < 48*time.Hour:
		return plural(int(d/time.Hour), "hour")
	}
	return plural(int(d/(24*time.Hour)), "day")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

func eventRows(events []tenantapi.AuditEvent) []model.AuditEventRow {
	rows := make([]model.AuditEventRow, 0, len(events))
	for _, e := range events {
		row := model.AuditEventRow{
			ID: e.ID, Time: formatTime(e.Timestamp), Actor: e.Actor, ActorKind: e.ActorKind, Action: e.Action,
			TargetID: e.TargetID, TargetName: e.TargetName, Failed: e.Outcome == "failure", Reason: e.Reason,
			ScopesRequested: strings.Join(e.ScopesRequested, " "), ScopesGranted: strings.Join(e.ScopesGranted, " "),
			RequestID: e.RequestID, ClientAddress: e.ClientAddress,
		}
		if e.TargetID != "" {
			row.TargetURL = accountPath(e.TargetID, "")
		}
		fields := make([]string, 0, len(e.Changes))
		for f := range e.Changes {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		for _, f := range fields {
			c := e.Changes[f]
			row.Changes = append(row.Changes, model.ChangeRow{Field: f, Before: changeValue(c.Before), After: changeValue(c.After)})
		}
		rows = append(rows, row)
	}
	return rows
}

func changeValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "(none)"
	case string:
		if x == "" {
			return "(empty)"
		}
		return x
	case []any:
		parts := make([]string, 0, len(x))
		for _, p := range x {
			parts = append(parts, fmt.Sprint(p))
		}
		if len(parts) == 0 {
			return "(none)"
		}
		return strings.Join(parts, " ")
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// auditFiltersFrom reads and checks the filters of the Audit page; the query
// sent to the tenant takes the "to" date as inclusive (the next midnight).
func auditFiltersFrom(query url.Values) (model.AuditFilters, tenantapi.AuditQuery) {
	f := model.AuditFilters{
		Account: strings.TrimSpace(query.Get(model.FieldAuditAccount)),
		Actor:   strings.TrimSpace(query.Get(model.FieldAuditActor)),
		Action:  strings.TrimSpace(query.Get(model.FieldAuditAction)),
		Outcome: strings.TrimSpace(query.Get(model.FieldAuditOutcome)),
		From:    strings.TrimSpace(query.Get(model.FieldAuditFrom)),
		To:      strings.TrimSpace(query.Get(model.FieldAuditTo)),
		Errors:  map[string]string{},
	}
	q := tenantapi.AuditQuery{Account: f.Account, Actor: f.Actor, Outcome: f.Outcome}
	for _, v := range []*string{&f.Account, &f.Actor} {
		if len(*v) > MaxNameLength {
			*v = (*v)[:MaxNameLength]
		}
	}
	if f.Action != "" {
		if !knownAction(f.Action) {
			f.Errors[model.FieldAuditAction] = "Choose an action from the list."
		} else {
			q.Actions = []string{f.Action}
		}
	}
	if f.Outcome != "" && f.Outcome != "success" && f.Outcome != "failure" {
		f.Errors[model.FieldAuditOutcome] = "Choose success or failure."
	}
	from, fromErr := parseDate(f.From)
	to, toErr := parseDate(f.To)
	if fromErr != nil {
		f.Errors[model.FieldAuditFrom] = "Enter a date as YYYY-MM-DD."
	} else if !from.IsZero() {
		q.From = from.Format(time.DateOnly)
	}
	if toErr != nil {
		f.Errors[model.FieldAuditTo] = "Enter a date as YYYY-MM-DD."
	} else if !to.IsZero() {
		q.To = to.AddDate(0, 0, 1).Format(time.DateOnly)
	}
	if fromErr == nil && toErr == nil && !from.IsZero() && !to.IsZero() && to.Before(from) {
		f.Errors[model.FieldAuditTo] = "The end date must not be before the start date."
	}
	return f, q
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.DateOnly, s)
}

func knownAction(a string) bool {
	for _, k := range AuditActions {
		if k == a {
			return true
		}
	}
	return false
}

// filterErr puts a tenant's refusal of a filter next to the field.
func filterErr(f *model.AuditFilters, err error) bool {
	var te *tenantapi.Error
	if !errors.As(err, &te) || te.Status != http.StatusBadRequest {
		return false
	}
	field := te.Field()
	switch field {
	case model.FieldAuditAccount, model.FieldAuditActor, model.FieldAuditAction, model.FieldAuditOutcome, model.FieldAuditFrom, model.FieldAuditTo:
	default:
		field = model.FieldAuditAction
		if te.Field() == "_pagedResultsCookie" {
			field = model.FieldAuditFrom
		}
	}
	f.Errors[field] = te.Message
	return true
}

func filterValues(f model.AuditFilters) url.Values {
	v := url.Values{}
	for k, val := range map[string]string{
		model.FieldAuditAccount: f.Account, model.FieldAuditActor: f.Actor, model.FieldAuditAction: f.Action,
		model.FieldAuditOutcome: f.Outcome, model.FieldAuditFrom: f.From, model.FieldAuditTo: f.To,
	} {
		if val != "" {
			v.Set(k, val)
		}
	}
	return v
}

func auditLogURL(f model.AuditFilters, after string) string {
	v := filterValues(f)
	if after != "" {
		v.Set("after", after)
	}
	if len(v) == 0 {
		return "/admin/tenant-settings/audit"
	}
	return "/admin/tenant-settings/audit?" + v.Encode()
}

func auditExportURL(f model.AuditFilters, format string) string {
	v := filterValues(f)
	v.Set("format", format)
	return "/admin/tenant-settings/audit/export?" + v.Encode()
}
