package oauth

import (
	"context"
	"errors"
	"sync"
)

// CachedAccounts keeps the service accounts a source returns (and the ids it
// does not know) in memory, so a grant does not read the database for an
// account that has not changed. Every entry is tagged with the write count
// (store.SvcAcctWrites) taken before it was read, and trusted only while that
// count is unchanged: any write through the store (create, delete,
// deactivate, a scope or key change) makes every entry stale at once, so the
// next grant reads the account afresh.
type CachedAccounts struct {
	source ServiceAccounts
	writes func() uint64

	mu      sync.RWMutex
	entries map[string]cachedAccount
}

type cachedAccount struct {
	writes  uint64
	account ServiceAccount
	found   bool
}

// accountCacheMax bounds the entries (unknown ids included, so a flood of
// made-up issuers cannot grow it); past it the cache starts again empty.
const accountCacheMax = 8192

// NewCachedAccounts caches source; writes must grow after every committed
// change to any service account.
func NewCachedAccounts(source ServiceAccounts, writes func() uint64) *CachedAccounts {
	return &CachedAccounts{source: source, writes: writes, entries: map[string]cachedAccount{}}
}

// ServiceAccount implements ServiceAccounts. The returned account is shared:
// callers must not modify its Scopes.
func (c *CachedAccounts) ServiceAccount(ctx context.Context, id string) (ServiceAccount, error) {
	now := c.writes()
	c.mu.RLock()
	e, ok := c.entries[id]
	c.mu.RUnlock()
	if ok && e.writes == now {
		if !e.found {
			return ServiceAccount{}, notFound(id)
		}
		return e.account, nil
	}
	a, err := c.source.ServiceAccount(ctx, id)
	found := err == nil
	if err != nil && !errors.Is(err, ErrAccountNotFound) {
		return ServiceAccount{}, err // not remembered: the next grant tries again
	}
	c.mu.Lock()
	if len(c.entries) >= accountCacheMax {
		clear(c.entries)
	}
	// Tagged with the count read before the source was asked: if a write
	// ended meanwhile, the entry is already stale.
	c.entries[id] = cachedAccount{writes: now, account: a, found: found}
	c.mu.Unlock()
	return a, err
}

func notFound(id string) error { return &accountNotFoundError{id} }

type accountNotFoundError struct{ id string }

func (e *accountNotFoundError) Error() string { return ErrAccountNotFound.Error() + ": " + e.id }
func (e *accountNotFoundError) Unwrap() error { return ErrAccountNotFound }
