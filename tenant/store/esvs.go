package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ESVVariable is an environment secret or variable of the variable kind.
type ESVVariable struct {
	ID             string
	ValueBase64    string
	Description    string
	ExpressionType string
	LastChangedBy  string
	LastChangeDate time.Time
}

// ListESVVariables lists variables by id, at most limit after the id after.
func (s *Store) ListESVVariables(ctx context.Context, after string, limit int) ([]ESVVariable, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT id, value_base64, description, expression_type, last_changed_by, last_change_date
		   FROM esv_variables WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("list variables: %w", err)
	}
	defer rows.Close()
	var out []ESVVariable
	for rows.Next() {
		v, err := scanVariable(rows)
		if err != nil {
			return nil, fmt.Errorf("list variables: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// GetESVVariable reads one variable.
func (s *Store) GetESVVariable(ctx context.Context, id string) (ESVVariable, error) {
	v, err := scanVariable(s.db.QueryRowContext(ctx,
		`SELECT id, value_base64, description, expression_type, last_changed_by, last_change_date
		   FROM esv_variables WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return ESVVariable{}, fmt.Errorf("variable %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return ESVVariable{}, fmt.Errorf("read variable %q: %w", id, err)
	}
	return v, nil
}

// PutESVVariable creates or replaces a variable; created tells which.
func (s *Store) PutESVVariable(ctx context.Context, v ESVVariable) (created bool, err error) {
	err = s.InTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM esv_variables WHERE id = ?`, v.ID).Scan(&n); err != nil {
			return err
		}
		created = n == 0
		_, err := tx.ExecContext(ctx,
			`INSERT INTO esv_variables(id, value_base64, description, expression_type, last_changed_by, last_change_date)
			 VALUES (?, ?, ?, ?, ?, ?)
			 ON CONFLICT(id) DO UPDATE SET value_base64 = excluded.value_base64, description = excluded.description,
			   expression_type = excluded.expression_type, last_changed_by = excluded.last_changed_by,
			   last_change_date = excluded.last_change_date`,
			v.ID, v.ValueBase64, v.Description, v.ExpressionType, v.LastChangedBy, FormatTime(v.LastChangeDate))
		return err
	})
	if err != nil {
		return false, fmt.Errorf("write variable %q: %w", v.ID, err)
	}
	return created, nil
}

// SetESVVariableDescription changes only the description.
func (s *Store) SetESVVariableDescription(ctx context.Context, id, description, by string, at time.Time) error {
	return s.updateOne(ctx, "variable", id,
		`UPDATE esv_variables SET description = ?, last_changed_by = ?, last_change_date = ? WHERE id = ?`,
		description, by, FormatTime(at), id)
}

// DeleteESVVariable deletes a variable.
func (s *Store) DeleteESVVariable(ctx context.Context, id string) error {
	return s.updateOne(ctx, "variable", id, `DELETE FROM esv_variables WHERE id = ?`, id)
}

func (s *Store) updateOne(ctx context.Context, what, id, query string, args ...any) error {
	res, err := s.db.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("write %s %q: %w", what, id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%s %q: %w", what, id, ErrNotFound)
	}
	return nil
}

type rowScanner interface{ Scan(dest ...any) error }

func scanVariable(r rowScanner) (ESVVariable, error) {
	var v ESVVariable
	var changed string
	if err := r.Scan(&v.ID, &v.ValueBase64, &v.Description, &v.ExpressionType, &v.LastChangedBy, &changed); err != nil {
		return ESVVariable{}, err
	}
	v.LastChangeDate = ParseTime(changed)
	return v, nil
}

// ESVSecret is a secret; its value lives in versions and never leaves the store
// through this type.
type ESVSecret struct {
	ID                string
	Description       string
	Encoding          string
	UseInPlaceholders bool
	ActiveVersion     int
	LastChangedBy     string
	LastChangeDate    time.Time
}

// ESVSecretVersion is one version of a secret, without its value.
type ESVSecretVersion struct {
	Version    int
	Status     string
	CreateDate time.Time
}

const secretColumns = `id, description, encoding, use_in_placeholders, active_version, last_changed_by, last_change_date`

func scanSecret(r rowScanner) (ESVSecret, error) {
	var s ESVSecret
	var changed string
	if err := r.Scan(&s.ID, &s.Description, &s.Encoding, &s.UseInPlaceholders, &s.ActiveVersion, &s.LastChangedBy, &changed); err != nil {
		return ESVSecret{}, err
	}
	s.LastChangeDate = ParseTime(changed)
	return s, nil
}

// ListESVSecrets lists secrets by id, at most limit after the id after.
func (s *Store) ListESVSecrets(ctx context.Context, after string, limit int) ([]ESVSecret, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+secretColumns+` FROM esv_secrets WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("list secrets: %w", err)
	}
	defer rows.Close()
	var out []ESVSecret
	for rows.Next() {
		sec, err := scanSecret(rows)
		if err != nil {
			return nil, fmt.Errorf("list secrets: %w", err)
		}
		out = append(out, sec)
	}
	return out, rows.Err()
}

// GetESVSecret reads one secret (without value).
func (s *Store) GetESVSecret(ctx context.Context, id string) (ESVSecret, error) {
	sec, err := scanSecret(s.db.QueryRowContext(ctx, `SELECT `+secretColumns+` FROM esv_secrets WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return ESVSecret{}, fmt.Errorf("secret %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return ESVSecret{}, fmt.Errorf("read secret %q: %w", id, err)
	}
	return sec, nil
}

// CreateESVSecret stores a new secret with its first version; ErrExists when
// the id is taken.
func (s *Store) CreateESVSecret(ctx context.Context, sec ESVSecret, valueBase64 string) error {
	err := s.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`INSERT INTO esv_secrets(`+secretColumns+`) VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT(id) DO NOTHING`,
			sec.ID, sec.Description, sec.Encoding, sec.UseInPlaceholders, sec.LastChangedBy, FormatTime(sec.LastChangeDate))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrExists
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO esv_secret_versions(secret_id, version, value_base64, status, create_date) VALUES (?, 1, ?, 'ENABLED', ?)`,
			sec.ID, valueBase64, FormatTime(sec.LastChangeDate))
		return err
	})
	if err != nil {
		return fmt.Errorf("create secret %q: %w", sec.ID, err)
	}
	return nil
}

// AddESVSecretVersion adds a version and makes it the active one.
func (s *Store) AddESVSecretVersion(ctx context.Context, id, valueBase64, by string, at time.Time) (int, error) {
	var version int
	err := s.InTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) + 1 FROM esv_secret_versions WHERE secret_id = ?`, id).Scan(&version)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE esv_secrets SET active_version = ?, last_changed_by = ?, last_change_date = ? WHERE id = ?`,
			version, by, FormatTime(at), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO esv_secret_versions(secret_id, version, value_base64, status, create_date) VALUES (?, ?, ?, 'ENABLED', ?)`,
			id, version, valueBase64, FormatTime(at))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("add version to secret %q: %w", id, err)
	}
	return version, nil
}

// SetESVSecretDescription changes only the description.
func (s *Store) SetESVSecretDescription(ctx context.Context, id, description, by string, at time.Time) error {
	return s.updateOne(ctx, "secret", id,
		`UPDATE esv_secrets SET description = ?, last_changed_by = ?, last_change_date = ? WHERE id = ?`,
		description, by, FormatTime(at), id)
}

// DeleteESVSecret deletes a secret and its versions.
func (s *Store) DeleteESVSecret(ctx context.Context, id string) error {
	return s.updateOne(ctx, "secret", id, `DELETE FROM esv_secrets WHERE id = ?`, id)
}

// ListESVSecretVersions lists a secret's versions, newest first, without values.
func (s *Store) ListESVSecretVersions(ctx context.Context, id string) ([]ESVSecretVersion, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT version, status, create_date FROM esv_secret_versions WHERE secret_id = ? ORDER BY version DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("list versions of secret %q: %w", id, err)
	}
	defer rows.Close()
	var out []ESVSecretVersion
	for rows.Next() {
		var v ESVSecretVersion
		var created string
		if err := rows.Scan(&v.Version, &v.Status, &created); err != nil {
			return nil, fmt.Errorf("list versions of secret %q: %w", id, err)
		}
		v.CreateDate = ParseTime(created)
		out = append(out, v)
	}
	return out, rows.Err()
}

// Restart is one recorded restart of the environment.
type Restart struct {
	ID          int64
	RequestedBy string
	RequestedAt time.Time
	ReadyAt     time.Time
}

// LatestRestart returns the most recent restart; ok is false when there was none.
func (s *Store) LatestRestart(ctx context.Context) (r Restart, ok bool, err error) {
	var req, ready string
	err = s.db.QueryRowContext(ctx,
		`SELECT id, requested_by, requested_at, ready_at FROM environment_restarts ORDER BY id DESC LIMIT 1`).
		Scan(&r.ID, &r.RequestedBy, &req, &ready)
	if errors.Is(err, sql.ErrNoRows) {
		return Restart{}, false, nil
	}
	if err != nil {
		return Restart{}, false, fmt.Errorf("read latest restart: %w", err)
	}
	r.RequestedAt, r.ReadyAt = ParseTime(req), ParseTime(ready)
	return r, true, nil
}

// LastLoad is the start of the latest restart completed at now: ESVs changed
// before it are loaded. Zero when no restart has completed.
func (s *Store) LastLoad(ctx context.Context, now time.Time) (time.Time, error) {
	var req sql.NullString
	err := s.db.QueryRowContext(ctx,
		`SELECT max(requested_at) FROM environment_restarts WHERE ready_at <= ?`, FormatTime(now)).Scan(&req)
	if err != nil {
		return time.Time{}, fmt.Errorf("read last restart: %w", err)
	}
	if !req.Valid {
		return time.Time{}, nil
	}
	return ParseTime(req.String), nil
}

// RequestRestart records a restart unless one is still running at r.RequestedAt;
// it returns the restart in progress either way.
func (s *Store) RequestRestart(ctx context.Context, r Restart) (Restart, error) {
	var out Restart
	err := s.InTx(ctx, func(tx *sql.Tx) error {
		var req, ready string
		err := tx.QueryRowContext(ctx,
			`SELECT id, requested_by, requested_at, ready_at FROM environment_restarts WHERE ready_at > ? ORDER BY id DESC LIMIT 1`,
			FormatTime(r.RequestedAt)).Scan(&out.ID, &out.RequestedBy, &req, &ready)
		if err == nil {
			out.RequestedAt, out.ReadyAt = ParseTime(req), ParseTime(ready)
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		res, err := tx.ExecContext(ctx,
			`INSERT INTO environment_restarts(requested_by, requested_at, ready_at) VALUES (?, ?, ?)`,
			r.RequestedBy, FormatTime(r.RequestedAt), FormatTime(r.ReadyAt))
		if err != nil {
			return err
		}
		out = r
		out.ID, _ = res.LastInsertId()
		return nil
	})
	if err != nil {
		return Restart{}, fmt.Errorf("request restart: %w", err)
	}
	return out, nil
}
