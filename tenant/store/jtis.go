package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

const consumeJTIQuery = `INSERT INTO jwt_bearer_jtis(issuer, jti, expires_at) VALUES (?, ?, ?)
	ON CONFLICT(issuer, jti) DO UPDATE SET expires_at = excluded.expires_at
	WHERE jwt_bearer_jtis.expires_at < ?`

// ConsumeJTI records that the assertion (issuer, jti) was used, keeping the
// record until expiresAt. It returns false when the pair is already recorded
// and not yet expired: a replay. A record whose time is over may be reused.
func (s *Store) ConsumeJTI(ctx context.Context, issuer, jti string, expiresAt, now time.Time) (bool, error) {
	stmt, err := s.prepared(ctx, consumeJTIQuery)
	if err != nil {
		return false, fmt.Errorf("record assertion jti: %w", err)
	}
	res, err := stmt.ExecContext(ctx, issuer, jti, expiresAt.Unix(), now.Unix())
	if err != nil {
		return false, fmt.Errorf("record assertion jti: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record assertion jti: %w", err)
	}
	return n == 1, nil
}

// PurgeJTIs forgets assertion jtis that expired before now.
func (s *Store) PurgeJTIs(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM jwt_bearer_jtis WHERE expires_at < ?`, now.Unix())
	if err != nil {
		return 0, fmt.Errorf("purge assertion jtis: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// JTIUse is one assertion use to record with ConsumeJTIs.
type JTIUse struct {
	Issuer, JTI string
	ExpiresAt   time.Time
	// Along, when set, is written in the same transaction if the use is
	// fresh (such as the audit event of the token the assertion is exchanged
	// for), so it commits exactly when the use does.
	Along func(ctx context.Context, tx *sql.Tx) error
}

// ConsumeJTIs records several uses in one transaction (group commit): fresh[i]
// is false when uses[i] is a replay, including of an earlier use in the same
// batch. It costs one commit instead of len(uses). An error (of a use's Along
// too) commits none of them.
func (s *Store) ConsumeJTIs(ctx context.Context, uses []JTIUse, now time.Time) (fresh []bool, err error) {
	stmt, err := s.prepared(ctx, consumeJTIQuery)
	if err != nil {
		return nil, fmt.Errorf("record assertion jtis: %w", err)
	}
	fresh = make([]bool, len(uses))
	err = s.InTx(ctx, func(tx *sql.Tx) error {
		txStmt := tx.StmtContext(ctx, stmt)
		defer txStmt.Close()
		for i, u := range uses {
			res, err := txStmt.ExecContext(ctx, u.Issuer, u.JTI, u.ExpiresAt.Unix(), now.Unix())
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			fresh[i] = n == 1
			if fresh[i] && u.Along != nil {
				if err := u.Along(ctx, tx); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("record assertion jtis: %w", err)
	}
	return fresh, nil
}
