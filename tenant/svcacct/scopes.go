package svcacct

import (
	"fmt"

	"github.com/pingclone/aic-console/tenant/scopes"
)

// validateScopes needs at least one scope, each one in the catalogue and not
// restricted; duplicates collapse (first occurrence order kept).
func validateScopes(v any) ([]string, error) {
	if v == nil {
		return nil, fieldError("scopes", "At least one scope is required")
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fieldError("scopes", "The scopes must be an array of scope names")
	}
	seen := map[string]bool{}
	out := make([]string, 0, len(list))
	for _, item := range list {
		s, ok := item.(string)
		if !ok {
			return nil, fieldError("scopes", "Every scope must be a string")
		}
		switch {
		case scopes.Restricted(s):
			return nil, fieldError("scopes", fmt.Sprintf("The scope %s is restricted and cannot be assigned to a service account", s)).
				WithDetail("scope", s)
		case !scopes.Known(s):
			return nil, fieldError("scopes", fmt.Sprintf("Unknown scope: %s", s)).WithDetail("scope", s)
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, fieldError("scopes", "At least one scope is required")
	}
	return out, nil
}
