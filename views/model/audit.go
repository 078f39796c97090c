package model

// Audit trail texts (our own: the seed has no audit pages).
const (
	TextAudit           = "Audit"
	TextAuditLog        = "Audit log"
	TextExportCSV       = "Export CSV"
	TextExportJSON      = "Export JSON"
	TextActivity        = "Activity"
	TextUsageUnknown    = "Usage could not be read from the audit trail."
	TextNeverUsed       = "No token was granted with this key in the audit trail."
	TextNotRequested30d = "Not requested in the last 30 days"
)

// Audit filter field names, shared by the views, handlers and tests.
const (
	FieldAuditAccount = "account"
	FieldAuditActor   = "actor"
	FieldAuditAction  = "action"
	FieldAuditOutcome = "outcome"
	FieldAuditFrom    = "from"
	FieldAuditTo      = "to"
)

// ChangeRow is one changed field of an event.
type ChangeRow struct {
	Field  string
	Before string
	After  string
}

// AuditEventRow is one event as the tables show it.
type AuditEventRow struct {
	ID              string
	Time            string
	Actor           string
	ActorKind       string
	Action          string
	TargetID        string
	TargetName      string
	TargetURL       string // the account's details page, when there is a target
	Failed          bool
	Reason          string
	ScopesRequested string
	ScopesGranted   string
	Changes         []ChangeRow
	RequestID       string
	ClientAddress   string
}

// AuditFilters are the Audit page's filters as entered, with errors by field.
type AuditFilters struct {
	Account, Actor, Action, Outcome, From, To string
	Errors                                    map[string]string
}

// Error is the message for field, or "".
func (f AuditFilters) Error(field string) string { return f.Errors[field] }

// AuditLogPage is the tenant-wide Audit page.
type AuditLogPage struct {
	Page
	Filters       AuditFilters
	Actions       []string
	Rows          []AuditEventRow
	FirstURL      string // set when not on the first page
	NextURL       string
	ExportCSVURL  string
	ExportJSONURL string
}

// ScopeUseRow is one held scope with its use in the window.
type ScopeUseRow struct {
	Scope         string
	Requested     bool
	Requests      int
	LastRequested string
	RequestedAs   string
}

// ActivityView is an account's activity.
type ActivityView struct {
	Known           bool // false when the audit trail could not be read
	Created         string
	LastModified    string
	Deleted         string
	KeyThumbprints  []string
	KeySince        string
	KeyAge          string
	KeyLastUsed     string
	LastGrant       string
	LastGrantScopes string
	LastRefusal     string
	RefusalReason   string
	Grants24h       int
	Grants30d       int
	Refusals24h     int
	Refusals30d     int
	Scopes          []ScopeUseRow
	OtherRequested  []ScopeUseRow // asked for but not held (refused)
}

// AccountDetailsPage is one account's details: record, activity, events.
type AccountDetailsPage struct {
	Page
	ID           string
	Name         string
	Description  string
	Status       string
	Exists       bool
	Scopes       []string
	Activity     ActivityView
	Events       []AuditEventRow
	FirstURL     string
	NextURL      string
	AllEventsURL string
}

// Impact is what the audit trail says before a risky change.
type Impact struct {
	Known bool // the trail could be read
	// Scopes are the scopes about to be removed, with their use (Edit).
	Scopes []ScopeUseRow
	// LastUsed is when the key or account last obtained a token ("" never).
	LastUsed  string
	Grants30d int
	Grants24h int
}
