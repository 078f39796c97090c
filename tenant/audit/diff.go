package audit

import (
	"crypto"
	"encoding/base64"
	"encoding/json"
	"slices"

	"github.com/go-jose/go-jose/v4"
)

// Account is what the audit trail knows of a service account: the fields it
// compares. The store converts its record to this (the store imports audit).
type Account struct {
	ID            string
	Name          string
	Description   *string
	AccountStatus string
	Scopes        []string
	JWKS          string
}

// UnreadableKey stands in for the thumbprint of a key that cannot be parsed.
const UnreadableKey = "unreadable-key"

// Diff lists the fields that differ between before and after, each with its
// before and after. A nil before is a create (every field from null), a nil
// after a delete (every field to null). The key appears only as RFC 7638
// thumbprints; scopes are compared as sets.
func Diff(before, after *Account) Changes {
	b, a := fieldsOf(before), fieldsOf(after)
	out := Changes{}
	for _, f := range []string{FieldName, FieldDescription, FieldAccountStatus, FieldScopes, FieldKeys} {
		if !sameValue(f, b[f], a[f]) {
			out[f] = Change{Before: b[f], After: a[f]}
		}
	}
	return out
}

// AccountChange is the event recording a write by actor (an administrator)
// from before to after; its action follows from what changed.
func AccountChange(actor string, before, after *Account) Event {
	changes := Diff(before, after)
	e := Event{Actor: actor, ActorKind: ActorAdmin, Changes: changes, Outcome: OutcomeSuccess}
	switch {
	case before == nil && after != nil:
		e.Action = ActionCreate
	case after == nil && before != nil:
		e.Action = ActionDelete
	case len(changes) == 1 && hasField(changes, FieldAccountStatus):
		e.Action = ActionStatus
	case len(changes) == 1 && hasField(changes, FieldKeys):
		e.Action = ActionRegenerateKey
	default:
		e.Action = ActionUpdate
	}
	if after != nil {
		e.TargetID, e.TargetName = after.ID, after.Name
	} else if before != nil {
		e.TargetID, e.TargetName = before.ID, before.Name
	}
	return e
}

func hasField(c Changes, f string) bool { _, ok := c[f]; return ok }

// fieldsOf gives each compared field its JSON value; all nil for a nil account.
func fieldsOf(a *Account) map[string]any {
	if a == nil {
		return map[string]any{}
	}
	var desc any
	if a.Description != nil {
		desc = *a.Description
	}
	scopes := slices.Clone(a.Scopes)
	if scopes == nil {
		scopes = []string{}
	}
	return map[string]any{
		FieldName: a.Name, FieldDescription: desc, FieldAccountStatus: a.AccountStatus,
		FieldScopes: scopes, FieldKeys: Thumbprints(a.JWKS),
	}
}

func sameValue(field string, x, y any) bool {
	if x == nil || y == nil {
		return x == nil && y == nil
	}
	switch field {
	case FieldScopes:
		return sameSet(x.([]string), y.([]string))
	case FieldKeys:
		return slices.Equal(x.([]string), y.([]string))
	}
	return x == y
}

func sameSet(x, y []string) bool {
	x, y = slices.Clone(x), slices.Clone(y)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

// Thumbprints returns the RFC 7638 SHA-256 thumbprint (base64url) of each key
// of a JSON Web Key Set, in the set's order. A key that cannot be parsed is
// UnreadableKey; nothing of the key itself is ever returned.
func Thumbprints(jwks string) []string {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if jwks == "" {
		return []string{}
	}
	if err := json.Unmarshal([]byte(jwks), &set); err != nil {
		return []string{UnreadableKey}
	}
	out := make([]string, 0, len(set.Keys))
	for _, raw := range set.Keys {
		out = append(out, thumbprint(raw))
	}
	return out
}

func thumbprint(raw json.RawMessage) string {
	var k jose.JSONWebKey
	if err := k.UnmarshalJSON(raw); err != nil {
		return UnreadableKey
	}
	// Thumbprints are of the public key, even if a private member slipped in.
	pub := k.Public()
	if pub.Key == nil {
		pub = k
	}
	sum, err := pub.Thumbprint(crypto.SHA256)
	if err != nil {
		return UnreadableKey
	}
	return base64.RawURLEncoding.EncodeToString(sum)
}
