package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Certificate is a server certificate of the environment (public parts only).
type Certificate struct {
	ID                      string
	Subject                 string
	Issuer                  string
	SubjectAlternativeNames []string
	ValidFrom               time.Time
	ExpireTime              time.Time
	PEM                     string
	Active                  bool
	Live                    bool
	CreatedAt               time.Time
}

const certificateColumns = `id, subject, issuer, sans, valid_from, expire_time, certificate, active, live, created_at`

func scanCertificate(r rowScanner) (Certificate, error) {
	var c Certificate
	var sans, from, exp, created string
	if err := r.Scan(&c.ID, &c.Subject, &c.Issuer, &sans, &from, &exp, &c.PEM, &c.Active, &c.Live, &created); err != nil {
		return Certificate{}, err
	}
	if err := json.Unmarshal([]byte(sans), &c.SubjectAlternativeNames); err != nil {
		return Certificate{}, fmt.Errorf("certificate %q names: %w", c.ID, err)
	}
	c.ValidFrom, c.ExpireTime, c.CreatedAt = ParseTime(from), ParseTime(exp), ParseTime(created)
	return c, nil
}

// ListCertificates lists certificates, oldest first.
func (s *Store) ListCertificates(ctx context.Context) ([]Certificate, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+certificateColumns+` FROM certificates ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("list certificates: %w", err)
	}
	defer rows.Close()
	var out []Certificate
	for rows.Next() {
		c, err := scanCertificate(rows)
		if err != nil {
			return nil, fmt.Errorf("list certificates: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// GetCertificate reads one certificate.
func (s *Store) GetCertificate(ctx context.Context, id string) (Certificate, error) {
	c, err := scanCertificate(s.db.QueryRowContext(ctx, `SELECT `+certificateColumns+` FROM certificates WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Certificate{}, fmt.Errorf("certificate %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return Certificate{}, fmt.Errorf("read certificate %q: %w", id, err)
	}
	return c, nil
}

// AddCertificate stores a certificate.
func (s *Store) AddCertificate(ctx context.Context, c Certificate) error {
	sans, err := json.Marshal(c.SubjectAlternativeNames)
	if err != nil {
		return fmt.Errorf("add certificate %q: %w", c.ID, err)
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO certificates(`+certificateColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.Subject, c.Issuer, string(sans), FormatTime(c.ValidFrom), FormatTime(c.ExpireTime), c.PEM, c.Active, c.Live, FormatTime(c.CreatedAt))
	if err != nil {
		return fmt.Errorf("add certificate %q: %w", c.ID, err)
	}
	return nil
}
