package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Setting reads a tenant-wide setting; ok is false when it was never set.
func (s *Store) Setting(ctx context.Context, key string) (value []byte, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read setting %s: %w", key, err)
	}
	return value, true, nil
}

// SettingOrCreate returns the setting, creating it with make() the first time.
// When two processes race, the first value written wins and both see it.
func (s *Store) SettingOrCreate(ctx context.Context, key string, make func() ([]byte, error)) ([]byte, error) {
	if v, ok, err := s.Setting(ctx, key); err != nil || ok {
		return v, err
	}
	v, err := make()
	if err != nil {
		return nil, fmt.Errorf("create setting %s: %w", key, err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING`, key, v); err != nil {
		return nil, fmt.Errorf("write setting %s: %w", key, err)
	}
	v, _, err = s.Setting(ctx, key)
	return v, err
}
