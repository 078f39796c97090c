// Package model holds the view models the templ views render. Views get these
// plain values and nothing else: no client, no store, no request.
package model

// User is the signed-in administrator.
type User struct {
	Name string
	Role string // tenant-admin or tenant-auditor
	// CanChange is false for auditors: no control that changes anything is shown.
	CanChange bool
}

// RoleLabel is the role as people read it.
func (u User) RoleLabel() string {
	switch u.Role {
	case "tenant-admin":
		return "Tenant administrator"
	case "tenant-auditor":
		return "Tenant auditor (read-only)"
	}
	return u.Role
}

// Flash kinds.
const (
	FlashSuccess = "success"
	FlashInfo    = "info"
	FlashWarning = "warning"
	FlashDanger  = "danger"
)

// Flash is a one-time message shown at the top of the next page.
type Flash struct {
	Kind string
	Text string
}

// Crumb is one breadcrumb; the last one has no URL.
type Crumb struct {
	Label string
	URL   string
}

// Page is what the layout needs on every page.
type Page struct {
	Title       string
	User        User
	CSRF        string
	Flashes     []Flash
	TenantHost  string
	Breadcrumbs []Crumb
}

// AccountRow is one line of the service account list.
type AccountRow struct {
	ID     string
	Name   string
	Active bool
}

// StatusLabel is the status as the list shows it.
func (r AccountRow) StatusLabel() string {
	if r.Active {
		return "Active"
	}
	return "Inactive"
}

// AccountList is the Service Accounts page.
type AccountList struct {
	Page
	Search     string
	Rows       []AccountRow
	PageNumber int
	PrevURL    string
	NextURL    string
	First      int // position of the first row shown, from 1
}

// Searching reports whether a search is in effect.
func (l AccountList) Searching() bool { return l.Search != "" }

// ScopeOption is one checkbox of the scope picker.
type ScopeOption struct {
	Name     string
	Purpose  string
	Checked  bool
	Children []ScopeOption
}

// ScopeGroup is one of the seed's headings with its scopes.
type ScopeGroup struct {
	Heading string
	Scopes  []ScopeOption
}

// Form field names, shared by the views, the handlers and the tests.
const (
	FieldName         = "name"
	FieldDescription  = "description"
	FieldScopes       = "scopes"
	FieldStatus       = "accountStatus"
	FieldRev          = "_rev"
	FieldLoadedScopes = "loadedScopes"
	FieldConfirm      = "confirmRemoval"
	FieldCSRF         = "csrf_token"
	FieldSearch       = "q"
)

// AccountForm is the create and edit form, with the values entered and the
// errors next to each field.
type AccountForm struct {
	Name         string
	Description  string
	Active       bool
	Scopes       []string
	Rev          string
	LoadedScopes []string
	Errors       map[string]string
}

// Error is the message for field, or "".
func (f AccountForm) Error(field string) string { return f.Errors[field] }

// HasErrors reports whether any field is in error.
func (f AccountForm) HasErrors() bool { return len(f.Errors) > 0 }

// CreatePage is the New Service Account page.
type CreatePage struct {
	Page
	Form   AccountForm
	Groups []ScopeGroup
}

// EditPage is the Edit page of one account.
type EditPage struct {
	Page
	ID     string
	Form   AccountForm
	Groups []ScopeGroup
	// Stale is set when someone else changed the account meanwhile: the form
	// shows the current values.
	Stale bool
	// Usage is the recent use of each scope the account holds (impact preview).
	Usage Impact
}

// ConfirmScopeRemovalPage asks before saving an edit that removes scopes.
type ConfirmScopeRemovalPage struct {
	Page
	ID      string
	Form    AccountForm
	Removed []ScopeOption
	// Impact says which removed scopes integrations requested lately.
	Impact Impact
}

// KeyPage shows a new key ready for its one download.
type KeyPage struct {
	Page
	AccountID   string
	AccountName string
	KeyID       string
	// Regenerated is false after a create, true after Regenerate Key.
	Regenerated bool
}

// KeyGonePage says a key can no longer be downloaded.
type KeyGonePage struct {
	Page
	AccountID string
}

// ConfirmPage is the Regenerate Key and Delete Service Account confirmation.
type ConfirmPage struct {
	Page
	ID   string
	Name string
	Rev  string
	// Impact says when the key or account last obtained a token.
	Impact Impact
}

// ErrorPage explains a failure and offers a way back.
type ErrorPage struct {
	Page
	Status    int
	Heading   string
	Message   string
	BackURL   string
	BackLabel string
}
