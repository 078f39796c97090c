package svcacct

import "strings"

// Account statuses, as stored and answered.
const (
	StatusActive   = "active"
	StatusInactive = "inactive"
)

// validateStatus accepts active/inactive in any case (older clients send
// Active/Inactive); absent or null means active.
func validateStatus(v any) (string, error) {
	if v == nil {
		return StatusActive, nil
	}
	s, ok := v.(string)
	if ok {
		switch strings.ToLower(s) {
		case StatusActive:
			return StatusActive, nil
		case StatusInactive:
			return StatusInactive, nil
		}
	}
	return "", fieldError("accountStatus", "The accountStatus must be \"active\" or \"inactive\"")
}
