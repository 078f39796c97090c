package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// DefaultRetention keeps events for 90 days.
const DefaultRetention = 90 * 24 * time.Hour

// DefaultPruneBatch bounds how many events one pruning transaction deletes,
// so that writers (which record events) never wait long for the lock.
const DefaultPruneBatch = 5000

// Prune deletes the events older than cutoff and returns how many. It is the
// only way an event leaves the trail: it raises the cutoff that the table's
// delete trigger checks, in the same transaction as the delete.
// batch (0 for DefaultPruneBatch) events are deleted per transaction.
func Prune(ctx context.Context, db *sql.DB, cutoff time.Time, batch int) (int64, error) {
	if batch <= 0 {
		batch = DefaultPruneBatch
	}
	c := formatTime(cutoff)
	var total int64
	for {
		n, err := pruneOnce(ctx, db, c, batch)
		total += n
		if err != nil {
			return total, fmt.Errorf("prune audit events before %s: %w", c, err)
		}
		if n < int64(batch) {
			return total, nil
		}
	}
}

func pruneOnce(ctx context.Context, db *sql.DB, cutoff string, batch int) (int64, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE audit_retention SET cutoff = ? WHERE id = 1`, cutoff); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM audit_events WHERE seq IN
		(SELECT seq FROM audit_events WHERE time < ? ORDER BY time LIMIT ?)`, cutoff, batch)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	if _, err := tx.ExecContext(ctx, `UPDATE audit_retention SET cutoff = '' WHERE id = 1`); err != nil {
		return 0, err
	}
	return n, tx.Commit()
}

// Pruner applies a retention period: at start and then periodically.
type Pruner struct {
	DB        *sql.DB
	Retention time.Duration // 0 keeps events forever
	Now       func() time.Time
	Log       *slog.Logger
	// Interval between runs; 0 means an hour (less for short retentions).
	Interval time.Duration
	// Batch is how many events one transaction deletes; 0 means DefaultPruneBatch.
	Batch int
}

// PruneNow deletes the events older than the retention period.
func (p *Pruner) PruneNow(ctx context.Context) (int64, error) {
	if p.Retention <= 0 {
		return 0, nil
	}
	now := time.Now
	if p.Now != nil {
		now = p.Now
	}
	return Prune(ctx, p.DB, now().Add(-p.Retention), p.Batch)
}

// Run prunes at once and then every interval until ctx ends.
func (p *Pruner) Run(ctx context.Context) {
	p.pruneAndLog(ctx)
	p.Loop(ctx)
}

// Loop prunes every interval until ctx ends (Run without the first pruning,
// for callers that pruned synchronously at start).
func (p *Pruner) Loop(ctx context.Context) {
	if p.Retention <= 0 {
		return
	}
	interval := p.Interval
	if interval <= 0 {
		interval = min(time.Hour, max(p.Retention/4, time.Second))
	}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			p.pruneAndLog(ctx)
		}
	}
}

func (p *Pruner) pruneAndLog(ctx context.Context) {
	log := p.Log
	if log == nil {
		log = slog.Default()
	}
	n, err := p.PruneNow(ctx)
	switch {
	case err != nil && ctx.Err() == nil:
		log.Error("audit retention: pruning failed", "err", err)
	case n > 0:
		log.Info("audit retention: pruned old events", "events", n, "retention", p.Retention.String())
	}
}

// ParseRetention reads a retention period: a number of days ("90d") or a Go
// duration ("2160h", "45m"); "0" keeps events forever.
func ParseRetention(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "0" {
		return 0, nil
	}
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 100*365 {
			return 0, fmt.Errorf("audit retention %q: give a number of days such as 90d, or a duration such as 2160h", s)
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("audit retention %q: give a number of days such as 90d, or a duration such as 2160h", s)
		}
	}
	if d < 0 {
		return 0, errors.New("audit retention must not be negative")
	}
	return d, nil
}

// RetentionFlag is a flag.Value for --audit-retention.
type RetentionFlag struct{ D time.Duration }

func (f *RetentionFlag) String() string {
	if f == nil {
		return ""
	}
	if f.D%(24*time.Hour) == 0 {
		return strconv.Itoa(int(f.D/(24*time.Hour))) + "d"
	}
	return f.D.String()
}

func (f *RetentionFlag) Set(s string) error {
	d, err := ParseRetention(s)
	if err != nil {
		return err
	}
	f.D = d
	return nil
}
