package svcacct

import "github.com/pingclone/aic-console/tenant/store"

// Server-set members every object carries, as strings (TENANT-API.md §1).
const (
	maxCachingTime = "15"
	maxIdleTime    = "15"
	maxSessionTime = "15"
	quotaLimit     = "5"
)

var serverMembers = map[string]string{
	"maxCachingTime": maxCachingTime,
	"maxIdleTime":    maxIdleTime,
	"maxSessionTime": maxSessionTime,
	"quotaLimit":     quotaLimit,
}

// Object is the service account as the API shows it. Its values are plain
// JSON values ([]any for scopes) so that a PATCH can be applied to it.
func Object(a store.SvcAcct) map[string]any {
	var desc any
	if a.Description != nil {
		desc = *a.Description
	}
	scopes := make([]any, len(a.Scopes))
	for i, s := range a.Scopes {
		scopes[i] = s
	}
	obj := map[string]any{
		"_id":           a.ID,
		"_rev":          a.Rev,
		"name":          a.Name,
		"description":   desc,
		"accountStatus": a.AccountStatus,
		"scopes":        scopes,
		"jwks":          a.JWKS,
	}
	for k, v := range serverMembers {
		obj[k] = v
	}
	return obj
}

// Spec is a validated service account body.
type Spec struct {
	Name          string
	Description   *string
	AccountStatus string
	Scopes        []string
	JWKS          string
}

// Apply puts the spec's fields on a (keeping its id, revision and history).
func (s Spec) Apply(a store.SvcAcct) store.SvcAcct {
	a.Name, a.Description, a.AccountStatus, a.Scopes, a.JWKS = s.Name, s.Description, s.AccountStatus, s.Scopes, s.JWKS
	return a
}
