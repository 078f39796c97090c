package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
)

// Every authenticated API call reads its administrator (GetAdmin), so that a
// role change or a removal applies on the very next request. The store keeps
// the administrators it read and answers from memory while the database
// cannot have changed since.
//
// "Cannot have changed" is asked of SQLite itself, so that it covers commits
// of every connection, in this process or in another one (`console admin
// add` opens the same file while the server runs):
//
//   - On unix, the header of the WAL-index (walindex_unix.go), which every
//     commit of every process rewrites, is read from a shared mapping and
//     compared with the copy taken before the administrator was read: a few
//     memory loads.
//   - Elsewhere, or if the WAL-index cannot be mapped, PRAGMA data_version on
//     one dedicated connection, which "will be different if changes were
//     committed to the database by any other connection in the interim"
//     (https://www.sqlite.org/pragma.html#pragma_data_version). The dedicated
//     connection never writes (query_only), so every commit is another
//     connection's. This costs nearly as much as the lookup it guards.
//
// Any commit, to any table, empties the cache; it is kept across the reads
// that dominate (list pages, searches).
const maxCachedAdmins = 1024

// dbVersion identifies the database's committed state; equal values mean
// nothing was committed in between.
type dbVersion struct {
	walIndex    walIndexHeader
	dataVersion int64
}

type adminCache struct {
	// conn is a connection of its own, kept open for the whole life of the
	// store: it keeps SQLite from deleting or reinitialising the mapped
	// WAL-index, and its data_version is the fallback check.
	db      *sql.DB
	conn    *sql.Conn
	version *sql.Stmt // PRAGMA data_version on conn
	wal     *walIndex // nil when the WAL-index is not mapped; shared, never unmapped

	mu      sync.Mutex
	seen    dbVersion // version the entries were read under
	entries map[string]Admin

	reads atomic.Uint64 // lookups that went to the database (tests)
}

func openAdminCache(ctx context.Context, dsn, path string) (*adminCache, error) {
	db, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		return nil, fmt.Errorf("open admin cache connection: %w", err)
	}
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open admin cache connection: %w", err)
	}
	c := &adminCache{db: db, conn: conn}
	if c.version, err = conn.PrepareContext(ctx, `PRAGMA data_version`); err != nil {
		c.close()
		return nil, fmt.Errorf("prepare data_version: %w", err)
	}
	// A first read opens the WAL and its index on this connection.
	var mode string
	if err := conn.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
		c.close()
		return nil, fmt.Errorf("read journal mode: %w", err)
	}
	if _, err := c.dataVersion(ctx); err != nil {
		c.close()
		return nil, err
	}
	if mode == "wal" {
		// On failure data_version answers; a commit rewriting the header
		// at that moment is worth a second try.
		for range 3 {
			if c.wal, err = mapWALIndex(path); err == nil {
				break
			}
		}
	}
	return c, nil
}

func (c *adminCache) close() {
	if c.version != nil {
		c.version.Close()
	}
	c.conn.Close()
	c.db.Close()
}

// current returns the database's version now; ok is false when it cannot be
// told (a commit is rewriting the WAL-index header, or the query failed).
func (c *adminCache) current(ctx context.Context) (v dbVersion, ok bool) {
	if c.wal != nil {
		v.walIndex, ok = c.wal.header()
		return v, ok
	}
	dv, err := c.dataVersion(ctx)
	return dbVersion{dataVersion: dv}, err == nil
}

// dataVersion is the dedicated connection's data_version now. Values are
// only comparable with each other because they all come from that one
// connection.
func (c *adminCache) dataVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := c.version.QueryRowContext(ctx).Scan(&v); err != nil {
		return 0, fmt.Errorf("read data_version: %w", err)
	}
	return v, nil
}

// get answers from memory if the entry was read under version v.
func (c *adminCache) get(v dbVersion, username string) (Admin, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.seen {
		return Admin{}, false
	}
	a, ok := c.entries[username]
	return a, ok
}

// put keeps a read that started after version v was taken. A commit in
// between makes the entry newer than v claims, which is harmless: the next
// call sees a different version and reads again. Versions are only compared
// for equality: an entry is used only while the version it was read under
// is still the current one.
func (c *adminCache) put(v dbVersion, a Admin) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.seen || c.entries == nil || len(c.entries) >= maxCachedAdmins {
		c.seen, c.entries = v, make(map[string]Admin)
	}
	c.entries[a.Username] = a
}
