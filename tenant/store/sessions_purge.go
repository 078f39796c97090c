package store

import (
	"context"
	"fmt"
	"time"
)

// PurgeExpiredSessions deletes sessions that expired before now, so the
// table does not grow with every sign-in; it returns how many went.
func (s *Store) PurgeExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	t := FormatTime(now)
	res, err := s.db.ExecContext(ctx, `DELETE FROM am_sessions WHERE idle_expires <= ? OR max_expires <= ?`, t, t)
	if err != nil {
		return 0, fmt.Errorf("purge expired sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
