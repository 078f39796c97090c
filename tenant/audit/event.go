// Package audit is the tenant's audit trail: who changed which service account
// and how, every access token granted or refused, every administrator sign-in.
// Events are written with Record inside the transaction of the change they
// record, are never changed, and leave only through retention (Prune).
//
// The package depends on nothing of the tenant but crest, so that the store
// can call Record from inside its own write transactions.
package audit

import (
	"encoding/json"
	"time"
)

// Actions recorded. Filters take these names.
const (
	ActionCreate        = "svcacct.create"         // a service account was created
	ActionUpdate        = "svcacct.update"         // name, description or scopes (or several fields) changed
	ActionStatus        = "svcacct.status"         // only accountStatus changed
	ActionRegenerateKey = "svcacct.regenerate-key" // only the key (jwks) changed
	ActionDelete        = "svcacct.delete"
	ActionTokenGranted  = "token.granted" // a service account obtained an access token
	ActionTokenRefused  = "token.refused" // a token request for a service account was refused
	ActionSignIn        = "signin.success"
	ActionSignInFailed  = "signin.failure"
)

// Actions lists every action, in the order the console offers them.
var Actions = []string{
	ActionCreate, ActionUpdate, ActionStatus, ActionRegenerateKey, ActionDelete,
	ActionTokenGranted, ActionTokenRefused, ActionSignIn, ActionSignInFailed,
}

// KnownAction reports whether a is one of Actions.
func KnownAction(a string) bool {
	for _, k := range Actions {
		if k == a {
			return true
		}
	}
	return false
}

// Kinds of actor.
const (
	ActorAdmin          = "admin"     // a tenant administrator or auditor (user name)
	ActorServiceAccount = "svcacct"   // a service account (its _id)
	ActorAnonymous      = "anonymous" // a caller that could not be identified
)

// Outcomes.
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure"
)

// Changed fields' names, as the tenant API names the fields.
const (
	FieldName          = "name"
	FieldDescription   = "description"
	FieldAccountStatus = "accountStatus"
	FieldScopes        = "scopes"
	// FieldKeys holds the RFC 7638 thumbprints of the jwks' keys, never key material.
	FieldKeys = "keyThumbprints"
)

// Change is the before and after of one field; nil (JSON null) on the side
// where the field did not exist (create, delete) or was null.
type Change struct {
	Before any `json:"before"`
	After  any `json:"after"`
}

// Changes maps a field name to its change.
type Changes map[string]Change

// Event is one entry of the audit trail.
type Event struct {
	ID              int64     `json:"-"`
	Time            time.Time `json:"-"`
	Actor           string    `json:"actor"`
	ActorKind       string    `json:"actorKind"`
	Action          string    `json:"action"`
	TargetID        string    `json:"targetId"`
	TargetName      string    `json:"targetName"`
	Changes         Changes   `json:"changes"`
	Outcome         string    `json:"outcome"`
	Reason          string    `json:"reason"`
	ScopesRequested []string  `json:"scopesRequested"`
	ScopesGranted   []string  `json:"scopesGranted"`
	RequestID       string    `json:"requestId"`
	ClientAddress   string    `json:"clientAddress"`
}

// MarshalJSON writes the event as the tenant API serves it: _id as a string,
// timestamp in RFC 3339 (UTC), empty lists as [] and no changes as {}.
func (e Event) MarshalJSON() ([]byte, error) {
	type plain Event
	p := plain(e)
	if p.Changes == nil {
		p.Changes = Changes{}
	}
	if p.ScopesRequested == nil {
		p.ScopesRequested = []string{}
	}
	if p.ScopesGranted == nil {
		p.ScopesGranted = []string{}
	}
	return json.Marshal(struct {
		ID        string `json:"_id"`
		Timestamp string `json:"timestamp"`
		plain
	}{ID: formatID(e.ID), Timestamp: FormatTimestamp(e.Time), plain: p})
}

// FormatTimestamp renders t as events carry it on the wire.
func FormatTimestamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// timeLayout is store.FormatTime's layout (sorts as text in time order); the
// store imports this package, so it is repeated here and a test keeps the two equal.
const timeLayout = "2006-01-02T15:04:05.000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}
	}
	return t
}
