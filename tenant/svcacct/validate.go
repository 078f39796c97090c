package svcacct

import (
	"fmt"
	"sort"

	"github.com/pingclone/aic-console/tenant/crest"
)

// Validate checks a decoded JSON body (or a patched object) and returns the
// service account it describes, or the first problem as a CREST 400 naming the
// field. Members are checked in a fixed order so the answer is stable.
func Validate(doc map[string]any) (Spec, error) {
	if err := checkMembers(doc); err != nil {
		return Spec{}, err
	}
	var s Spec
	var err error
	if s.Name, err = validateName(doc["name"]); err != nil {
		return Spec{}, err
	}
	if s.Description, err = validateDescription(doc["description"]); err != nil {
		return Spec{}, err
	}
	if s.AccountStatus, err = validateStatus(doc["accountStatus"]); err != nil {
		return Spec{}, err
	}
	if s.Scopes, err = validateScopes(doc["scopes"]); err != nil {
		return Spec{}, err
	}
	if s.JWKS, err = validateJWKS(doc["jwks"]); err != nil {
		return Spec{}, err
	}
	return s, nil
}

// fields are the members a client sets.
var fields = map[string]bool{"name": true, "description": true, "accountStatus": true, "scopes": true, "jwks": true}

// checkMembers refuses unknown members and changed server-set ones.
func checkMembers(doc map[string]any) error {
	names := make([]string, 0, len(doc))
	for k := range doc {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		switch {
		case fields[k], k == "_id", k == "_rev":
		case serverMembers[k] != "":
			if v, ok := doc[k].(string); !ok || v != serverMembers[k] {
				return fieldError(k, fmt.Sprintf("%s is set by the server and cannot be changed", k))
			}
		default:
			return fieldError(k, fmt.Sprintf("'%s' is not a field of a service account", k))
		}
	}
	return nil
}

func fieldError(field, msg string) *crest.Error { return crest.FieldError(field, msg) }
