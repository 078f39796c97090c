package store

import "time"

// SvcAcct is a stored service account (managed object svcacct). Validation
// happens before it reaches the store; JWKS holds public keys only.
type SvcAcct struct {
	ID            string
	Rev           string
	Name          string
	Description   *string // nil is JSON null
	AccountStatus string  // "active" or "inactive"
	Scopes        []string
	JWKS          string // the JSON Web Key Set, as the string the API carries
	CreatedAt     time.Time
	CreatedBy     string
	ModifiedAt    time.Time
	ModifiedBy    string
}
