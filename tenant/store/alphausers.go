package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// AlphaUser is an identity of the alpha realm (/openidm/managed/alpha_user).
// Object holds every property but _id and _rev.
type AlphaUser struct {
	ID     string
	Rev    string
	Object map[string]any
}

// AlphaUsersTable is the table holding alpha users, for queries.
const AlphaUsersTable = "alpha_users"

// UserName is the userName property of the object.
func (u AlphaUser) UserName() string { s, _ := u.Object["userName"].(string); return s }

// AlphaUserQuerier is what alpha user reads and writes run on (the database or a transaction).
type AlphaUserQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// GetAlphaUser reads one user.
func GetAlphaUser(ctx context.Context, q AlphaUserQuerier, id string) (AlphaUser, error) {
	var u AlphaUser
	var obj string
	err := q.QueryRowContext(ctx, `SELECT id, rev, object FROM alpha_users WHERE id = ?`, id).Scan(&u.ID, &u.Rev, &obj)
	if errors.Is(err, sql.ErrNoRows) {
		return AlphaUser{}, fmt.Errorf("alpha_user %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return AlphaUser{}, fmt.Errorf("read alpha_user %q: %w", id, err)
	}
	if u.Object, err = decodeObject(obj); err != nil {
		return AlphaUser{}, fmt.Errorf("read alpha_user %q: %w", id, err)
	}
	return u, nil
}

// GetAlphaUser reads one user.
func (s *Store) GetAlphaUser(ctx context.Context, id string) (AlphaUser, error) {
	return GetAlphaUser(ctx, s.db, id)
}

func decodeObject(s string) (map[string]any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}

// InsertAlphaUser stores a new user; ErrExists when the id or userName is taken.
func InsertAlphaUser(ctx context.Context, q AlphaUserQuerier, u AlphaUser, now time.Time) error {
	obj, err := json.Marshal(u.Object)
	if err != nil {
		return fmt.Errorf("create alpha_user: %w", err)
	}
	_, err = q.ExecContext(ctx, `INSERT INTO alpha_users(id, rev, user_name, object, created_at) VALUES (?, ?, ?, ?, ?)`,
		u.ID, u.Rev, u.UserName(), string(obj), FormatTime(now))
	if err != nil {
		if alphaUniqueViolation(err) {
			return fmt.Errorf("create alpha_user %q: %w", u.UserName(), ErrExists)
		}
		return fmt.Errorf("create alpha_user: %w", err)
	}
	return nil
}

// UpdateAlphaUser replaces a user's object and revision.
func UpdateAlphaUser(ctx context.Context, q AlphaUserQuerier, u AlphaUser) error {
	obj, err := json.Marshal(u.Object)
	if err != nil {
		return fmt.Errorf("update alpha_user: %w", err)
	}
	res, err := q.ExecContext(ctx, `UPDATE alpha_users SET rev = ?, user_name = ?, object = ? WHERE id = ?`,
		u.Rev, u.UserName(), string(obj), u.ID)
	if err != nil {
		if alphaUniqueViolation(err) {
			return fmt.Errorf("update alpha_user %q: %w", u.UserName(), ErrExists)
		}
		return fmt.Errorf("update alpha_user: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("alpha_user %q: %w", u.ID, ErrNotFound)
	}
	return nil
}

// DeleteAlphaUser deletes a user.
func DeleteAlphaUser(ctx context.Context, q AlphaUserQuerier, id string) error {
	res, err := q.ExecContext(ctx, `DELETE FROM alpha_users WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete alpha_user %q: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("alpha_user %q: %w", id, ErrNotFound)
	}
	return nil
}

func alphaUniqueViolation(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// DecodeAlphaUser builds a user from its stored columns (for query results).
func DecodeAlphaUser(id, rev, object string) (AlphaUser, error) {
	obj, err := decodeObject(object)
	if err != nil {
		return AlphaUser{}, fmt.Errorf("read alpha_user %q: %w", id, err)
	}
	return AlphaUser{ID: id, Rev: rev, Object: obj}, nil
}
