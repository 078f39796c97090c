// Package store is the tenant's persistence: one SQLite database file in the
// data folder, opened through the pure-Go modernc.org/sqlite driver.
package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// FileName is the database file inside the data folder.
const FileName = "tenant.db"

// Store wraps the tenant database.
type Store struct {
	db   *sql.DB
	path string
	// getAdmin is prepared once: it runs on every authenticated API call.
	getAdmin *sql.Stmt
	// admins answers GetAdmin from memory while nothing was committed.
	admins *adminCache
	// queries keeps the prepared statements of list queries.
	queries *stmtCache
	// svcacctWrites counts service account writes (see SvcAcctWrites).
	svcacctWrites atomic.Uint64
}

// Open creates the data folder if needed, opens the database in WAL mode and
// applies any migration not applied yet.
func Open(ctx context.Context, dataDir string) (*Store, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder %s: %w", dataDir, err)
	}
	path := filepath.Join(dataDir, FileName)
	if err := ensurePrivateFile(path); err != nil {
		return nil, err
	}
	// synchronous=NORMAL in WAL mode keeps every committed transaction across a
	// process kill (kill -9); only an operating-system crash could lose the last
	// commits. _txlock=immediate takes the write lock at BEGIN, so concurrent
	// writers queue on busy_timeout instead of failing with SQLITE_BUSY.
	dsn := "file:" + path + "?_txlock=immediate" +
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
		"&_pragma=busy_timeout(10000)&_pragma=foreign_keys(ON)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	s := &Store{db: db, path: path, queries: &stmtCache{db: db}}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if s.getAdmin, err = db.PrepareContext(ctx, getAdminSQL); err != nil {
		db.Close()
		return nil, fmt.Errorf("prepare admin lookup: %w", err)
	}
	if s.admins, err = openAdminCache(ctx, dsn, path); err != nil {
		s.getAdmin.Close()
		db.Close()
		return nil, err
	}
	return s, nil
}

// ensurePrivateFile creates the database file readable by its owner only (it
// holds the tenant's signing key and password hashes), or narrows an existing
// one to that. SQLite gives the -wal and -shm files the database's mode.
func ensurePrivateFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open database file %s: %w", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("database file %s: %w", path, err)
	}
	if info.Mode().Perm()&0o077 != 0 {
		if err := f.Chmod(0o600); err != nil {
			return fmt.Errorf("make database file %s private: %w", path, err)
		}
	}
	return nil
}

// DB gives the tenant's packages access to the database.
func (s *Store) DB() *sql.DB { return s.db }

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	if s.getAdmin != nil {
		s.getAdmin.Close()
	}
	if s.admins != nil {
		s.admins.close()
	}
	s.queries.close()
	return s.db.Close()
}

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx,
		`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		var done int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ?`, base).Scan(&done); err != nil {
			return fmt.Errorf("check migration %s: %w", base, err)
		}
		if done > 0 {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("read migration %s: %w", base, err)
		}
		err = s.InTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(name) VALUES (?)`, base)
			return err
		})
		if err != nil {
			return fmt.Errorf("apply migration %s: %w", base, err)
		}
	}
	return nil
}

// InTx runs fn in one transaction, committed when fn returns nil.
func (s *Store) InTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
