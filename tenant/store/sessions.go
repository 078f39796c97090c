package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Session is an administrator's tenant (AM) session, named by its tokenId.
type Session struct {
	TokenID     string
	Username    string
	Role        string
	CreatedAt   time.Time
	LastAccess  time.Time
	IdleExpires time.Time
	MaxExpires  time.Time
}

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, sess Session) error {
	_, err := s.db.ExecContext(ctx,
		`INSERT INTO am_sessions(token_id, username, created_at, last_access, idle_expires, max_expires) VALUES (?, ?, ?, ?, ?, ?)`,
		sess.TokenID, sess.Username, FormatTime(sess.CreatedAt), FormatTime(sess.LastAccess),
		FormatTime(sess.IdleExpires), FormatTime(sess.MaxExpires))
	if err != nil {
		return fmt.Errorf("create session for %q: %w", sess.Username, err)
	}
	return nil
}

// LiveSession returns the session if it exists and has not expired at now,
// and extends its idle expiry by idle.
func (s *Store) LiveSession(ctx context.Context, tokenID string, now time.Time, idle time.Duration) (Session, error) {
	var sess Session
	var created, last, idleExp, maxExp string
	err := s.db.QueryRowContext(ctx,
		`SELECT s.token_id, s.username, a.role, s.created_at, s.last_access, s.idle_expires, s.max_expires
		   FROM am_sessions s JOIN admins a ON a.username = s.username WHERE s.token_id = ?`, tokenID).
		Scan(&sess.TokenID, &sess.Username, &sess.Role, &created, &last, &idleExp, &maxExp)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, fmt.Errorf("session: %w", ErrNotFound)
	}
	if err != nil {
		return Session{}, fmt.Errorf("read session: %w", err)
	}
	sess.CreatedAt, sess.LastAccess = ParseTime(created), ParseTime(last)
	sess.IdleExpires, sess.MaxExpires = ParseTime(idleExp), ParseTime(maxExp)
	if !now.Before(sess.IdleExpires) || !now.Before(sess.MaxExpires) {
		return Session{}, fmt.Errorf("session expired: %w", ErrNotFound)
	}
	// Only touch the row when it matters, so that reads stay reads.
	if now.Sub(sess.LastAccess) > time.Minute {
		sess.LastAccess = now
		sess.IdleExpires = now.Add(idle)
		if sess.IdleExpires.After(sess.MaxExpires) {
			sess.IdleExpires = sess.MaxExpires
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE am_sessions SET last_access = ?, idle_expires = ? WHERE token_id = ?`,
			FormatTime(sess.LastAccess), FormatTime(sess.IdleExpires), tokenID); err != nil {
			return Session{}, fmt.Errorf("touch session: %w", err)
		}
	}
	return sess, nil
}

// DeleteSession ends a session; ending an unknown session is not an error.
func (s *Store) DeleteSession(ctx context.Context, tokenID string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM am_sessions WHERE token_id = ?`, tokenID); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}
