package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Roles an administrator may hold.
const (
	RoleTenantAdmin   = "tenant-admin"
	RoleTenantAuditor = "tenant-auditor"
)

// ErrNotFound is returned when a record does not exist.
var ErrNotFound = errors.New("not found")

// ErrExists is returned when a record with the same key already exists.
var ErrExists = errors.New("already exists")

// Admin is a tenant administrator or auditor.
type Admin struct {
	Username     string
	Role         string
	PasswordHash string
	CreatedAt    time.Time
}

// ValidRole reports whether role is one the tenant knows.
func ValidRole(role string) bool {
	return role == RoleTenantAdmin || role == RoleTenantAuditor
}

// AddAdmin stores a new administrator; the password must already be hashed.
func (s *Store) AddAdmin(ctx context.Context, a Admin) error {
	if !ValidRole(a.Role) {
		return fmt.Errorf("add admin %q: unknown role %q", a.Username, a.Role)
	}
	res, err := s.db.ExecContext(ctx,
		`INSERT INTO admins(username, role, password_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(username) DO NOTHING`,
		a.Username, a.Role, a.PasswordHash, FormatTime(time.Now()))
	if err != nil {
		return fmt.Errorf("add admin %q: %w", a.Username, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("add admin %q: %w", a.Username, ErrExists)
	}
	return nil
}

const getAdminSQL = `SELECT username, role, password_hash, created_at FROM admins WHERE username = ?`

// GetAdmin reads one administrator by user name. It answers from memory when
// no connection, in this process or another, has committed anything since
// the administrator was read (see admins_cache.go), so a role change or a
// removal still applies on the very next call.
func (s *Store) GetAdmin(ctx context.Context, username string) (Admin, error) {
	v, ok := s.admins.current(ctx)
	if !ok {
		// Without a version nothing can be trusted from memory.
		return s.readAdmin(ctx, username)
	}
	if a, ok := s.admins.get(v, username); ok {
		return a, nil
	}
	a, err := s.readAdmin(ctx, username)
	if err == nil {
		s.admins.put(v, a)
	}
	return a, err
}

// readAdmin reads one administrator from the database.
func (s *Store) readAdmin(ctx context.Context, username string) (Admin, error) {
	s.admins.reads.Add(1)
	var a Admin
	var created string
	err := s.getAdmin.QueryRowContext(ctx, username).
		Scan(&a.Username, &a.Role, &a.PasswordHash, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Admin{}, fmt.Errorf("admin %q: %w", username, ErrNotFound)
	}
	if err != nil {
		return Admin{}, fmt.Errorf("read admin %q: %w", username, err)
	}
	a.CreatedAt = ParseTime(created)
	return a, nil
}

// ListAdmins lists administrators by user name.
func (s *Store) ListAdmins(ctx context.Context) ([]Admin, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT username, role, created_at FROM admins ORDER BY username`)
	if err != nil {
		return nil, fmt.Errorf("list admins: %w", err)
	}
	defer rows.Close()
	var out []Admin
	for rows.Next() {
		var a Admin
		var created string
		if err := rows.Scan(&a.Username, &a.Role, &created); err != nil {
			return nil, fmt.Errorf("list admins: %w", err)
		}
		a.CreatedAt = ParseTime(created)
		out = append(out, a)
	}
	return out, rows.Err()
}

// CountAdmins counts administrators holding role.
func (s *Store) CountAdmins(ctx context.Context, role string) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM admins WHERE role = ?`, role).Scan(&n); err != nil {
		return 0, fmt.Errorf("count admins: %w", err)
	}
	return n, nil
}
