package store

import (
	"context"
	"database/sql"
	"sync"
)

// Statements on the hot paths (every token grant and every API call made with
// a service account token) are prepared once per database, which saves
// SQLite parsing and planning them each time.
var preparedStatements sync.Map // preparedKey -> *sql.Stmt

type preparedKey struct {
	db    *sql.DB
	query string
}

// prepared returns the statement for query on s's database, preparing it on
// first use. A failed prepare is returned and retried next time.
func (s *Store) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	key := preparedKey{s.db, query}
	if st, ok := preparedStatements.Load(key); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if prev, loaded := preparedStatements.LoadOrStore(key, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}
