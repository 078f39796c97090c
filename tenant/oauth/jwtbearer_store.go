package oauth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/pingclone/aic-console/tenant/store"
)

// StoreAccounts reads service accounts from the tenant store.
type StoreAccounts struct{ Store *store.Store }

// ServiceAccount implements ServiceAccounts.
func (s StoreAccounts) ServiceAccount(ctx context.Context, id string) (ServiceAccount, error) {
	c, err := s.Store.SvcAcctCredentials(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return ServiceAccount{}, fmt.Errorf("%w: %s", ErrAccountNotFound, id)
	}
	if err != nil {
		return ServiceAccount{}, err
	}
	return ServiceAccount{ID: c.ID, Active: c.AccountStatus == "active", Scopes: c.Scopes, JWKS: c.JWKS}, nil
}

// StoreReplayGuard keeps used jtis in the tenant database, so a replay is
// refused across restarts too. Expired records are purged at most once a minute.
type StoreReplayGuard struct {
	Store *store.Store
	Now   func() time.Time
	purge *purgeClock
}

type purgeClock struct {
	mu   sync.Mutex
	last time.Time
}

// NewStoreReplayGuard builds the guard.
func NewStoreReplayGuard(st *store.Store, now func() time.Time) StoreReplayGuard {
	if now == nil {
		now = time.Now
	}
	return StoreReplayGuard{Store: st, Now: now, purge: &purgeClock{}}
}

const jtiPurgeInterval = time.Minute

// Consume implements ReplayGuard.
func (g StoreReplayGuard) Consume(ctx context.Context, issuer, jti string, expires time.Time) (bool, error) {
	now := g.Now()
	if g.purge != nil && g.purge.due(now) {
		if _, err := g.Store.PurgeJTIs(ctx, now); err != nil {
			return false, err
		}
	}
	return g.Store.ConsumeJTI(ctx, issuer, jti, expires, now)
}

func (p *purgeClock) due(now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if now.Sub(p.last) < jtiPurgeInterval {
		return false
	}
	p.last = now
	return true
}
