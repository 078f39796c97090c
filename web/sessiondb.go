package web

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver
)

// SessionsFile is the console's own database in the data folder: its
// signed-in sessions. The console never opens the tenant's database.
const SessionsFile = "console-sessions.db"

// sessionDB keeps signed-in console sessions on disk. Rows are keyed by the
// SHA-256 of the session ID and their values sealed with AES-GCM under a key
// derived from the session keys, so the file alone gives neither a cookie
// nor an access token.
type sessionDB struct {
	db   *sql.DB
	aead cipher.AEAD
}

const sessionSchema = `CREATE TABLE IF NOT EXISTS console_sessions (
	key     BLOB PRIMARY KEY,
	sealed  BLOB NOT NULL,
	expires INTEGER NOT NULL
) WITHOUT ROWID`

// openSessionDB opens (creating if needed) the sessions file in dataDir;
// sealing keys are derived from the console's session keys.
func openSessionDB(dataDir string, hashKey, blockKey []byte) (*sessionDB, error) {
	if dataDir == "" {
		return nil, errors.New("console sessions: no data folder")
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	path := filepath.Join(dataDir, SessionsFile)
	// Created here first so that it is private from the start.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("console sessions file: %w", err)
	}
	f.Close()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("open console sessions: %w", err)
	}
	db.SetMaxOpenConns(4)
	if _, err := db.Exec(sessionSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("console sessions schema: %w", err)
	}
	key, err := hkdf.Key(sha256.New, append(append([]byte(nil), hashKey...), blockKey...), nil, "aic-console session store v1", 32)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("console sessions key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("console sessions cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("console sessions cipher: %w", err)
	}
	return &sessionDB{db: db, aead: aead}, nil
}

// Close closes the file. A nil *sessionDB keeps nothing on disk (tests).
func (d *sessionDB) Close() error {
	if d == nil {
		return nil
	}
	return d.db.Close()
}

// additional binds a sealed row to its key and expiry.
func additional(key sessionKey, expires int64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte(nil), key[:]...), uint64(expires))
}

// save writes (or replaces) one session.
func (d *sessionDB) save(ctx context.Context, key sessionKey, s *storedSession) error {
	if d == nil {
		return nil
	}
	plain, err := json.Marshal(s.values)
	if err != nil {
		return fmt.Errorf("encode console session: %w", err)
	}
	exp := s.expires.Unix()
	nonce := make([]byte, d.aead.NonceSize(), d.aead.NonceSize()+len(plain)+d.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return fmt.Errorf("console session nonce: %w", err)
	}
	sealed := d.aead.Seal(nonce, nonce, plain, additional(key, exp))
	if _, err := d.db.ExecContext(context.WithoutCancel(ctx),
		`INSERT INTO console_sessions(key, sealed, expires) VALUES (?, ?, ?)
		 ON CONFLICT(key) DO UPDATE SET sealed = excluded.sealed, expires = excluded.expires`, key[:], sealed, exp); err != nil {
		return fmt.Errorf("save console session: %w", err)
	}
	return nil
}

// load reads one live session; nil when there is none (or it cannot be
// opened, e.g. after the session keys changed).
func (d *sessionDB) load(ctx context.Context, key sessionKey, now time.Time) (*storedSession, error) {
	if d == nil {
		return nil, nil
	}
	var sealed []byte
	var exp int64
	err := d.db.QueryRowContext(ctx, `SELECT sealed, expires FROM console_sessions WHERE key = ? AND expires > ?`, key[:], now.Unix()).Scan(&sealed, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load console session: %w", err)
	}
	ns := d.aead.NonceSize()
	if len(sealed) < ns {
		return nil, nil
	}
	opened, err := d.aead.Open(nil, sealed[:ns], sealed[ns:], additional(key, exp))
	if err != nil {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(opened))
	dec.UseNumber()
	var values map[string]any
	if err := dec.Decode(&values); err != nil {
		return nil, nil
	}
	for k, v := range values {
		values[k] = plain(v)
	}
	return &storedSession{values: values, expires: time.Unix(exp, 0), persisted: true}, nil
}

// delete removes one session.
func (d *sessionDB) delete(ctx context.Context, key sessionKey) error {
	if d == nil {
		return nil
	}
	if _, err := d.db.ExecContext(context.WithoutCancel(ctx), `DELETE FROM console_sessions WHERE key = ?`, key[:]); err != nil {
		return fmt.Errorf("delete console session: %w", err)
	}
	return nil
}

// purge drops expired sessions; a failure only leaves them for next time
// (load never returns an expired one).
func (d *sessionDB) purge(now time.Time) {
	if d == nil {
		return
	}
	_, _ = d.db.Exec(`DELETE FROM console_sessions WHERE expires <= ?`, now.Unix())
}

// plain turns JSON numbers into int64 and lists into []interface{}, the
// types the console keeps in sessions.
func plain(v interface{}) interface{} {
	switch x := v.(type) {
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		f, _ := x.Float64()
		return f
	case []interface{}:
		for i := range x {
			x[i] = plain(x[i])
		}
		return x
	}
	return v
}
