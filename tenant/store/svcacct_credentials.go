package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// SvcAcctCredentials is the part of a service account that token issuing and
// checking need, read in one small query on the hot path of every grant and
// every API call made with a service account token.
type SvcAcctCredentials struct {
	ID            string
	AccountStatus string
	Scopes        []string
	JWKS          string
}

// SvcAcctCredentials reads the account's status, scopes and public keys; an
// unknown id gives an error wrapping ErrNotFound.
func (s *Store) SvcAcctCredentials(ctx context.Context, id string) (SvcAcctCredentials, error) {
	c := SvcAcctCredentials{ID: id}
	var scopesJSON string
	stmt, err := s.prepared(ctx, `SELECT account_status, scopes, jwks FROM svcaccts WHERE id = ?`)
	if err != nil {
		return SvcAcctCredentials{}, fmt.Errorf("read service account %q: %w", id, err)
	}
	err = stmt.QueryRowContext(ctx, id).Scan(&c.AccountStatus, &scopesJSON, &c.JWKS)
	if errors.Is(err, sql.ErrNoRows) {
		return SvcAcctCredentials{}, fmt.Errorf("service account %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return SvcAcctCredentials{}, fmt.Errorf("read service account %q: %w", id, err)
	}
	if err := json.Unmarshal([]byte(scopesJSON), &c.Scopes); err != nil {
		return SvcAcctCredentials{}, fmt.Errorf("read service account %q scopes: %w", id, err)
	}
	return c, nil
}
