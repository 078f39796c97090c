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
	group *jtiGroup
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
	return StoreReplayGuard{Store: st, Now: now, purge: &purgeClock{}, group: &jtiGroup{}}
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
	if g.group == nil {
		return g.Store.ConsumeJTI(ctx, issuer, jti, expires, now)
	}
	return g.group.consume(ctx, g.Store, store.JTIUse{Issuer: issuer, JTI: jti, ExpiresAt: expires}, now)
}

// jtiGroup commits the jtis of concurrent grants together: the first caller
// to find no commit in progress becomes the leader and writes everything
// pending in one transaction, again and again until nothing is left; the
// others wait for their result. Every grant still answers only after its jti
// is committed, so a replay is refused across restarts as before; under load
// one commit serves many grants.
type jtiGroup struct {
	mu       sync.Mutex
	pending  []*jtiWaiter
	flushing bool
}

type jtiWaiter struct {
	use  store.JTIUse
	now  time.Time
	done chan jtiResult
}

type jtiResult struct {
	fresh bool
	err   error
}

// maxJTIBatch bounds one transaction, so a leader is not kept serving others
// for long.
const maxJTIBatch = 128

func (g *jtiGroup) consume(ctx context.Context, st *store.Store, use store.JTIUse, now time.Time) (bool, error) {
	me := &jtiWaiter{use: use, now: now, done: make(chan jtiResult, 1)}
	g.mu.Lock()
	g.pending = append(g.pending, me)
	if g.flushing {
		g.mu.Unlock()
		select {
		case r := <-me.done:
			return r.fresh, r.err
		case <-ctx.Done():
			// The leader will still record it; this request gives up waiting.
			return false, ctx.Err()
		}
	}
	g.flushing = true
	for len(g.pending) > 0 {
		n := min(len(g.pending), maxJTIBatch)
		batch := g.pending[:n:n]
		g.pending = g.pending[n:]
		g.mu.Unlock()
		g.flush(context.WithoutCancel(ctx), st, batch)
		g.mu.Lock()
	}
	g.pending = nil
	g.flushing = false
	g.mu.Unlock()
	r := <-me.done
	return r.fresh, r.err
}

func (g *jtiGroup) flush(ctx context.Context, st *store.Store, batch []*jtiWaiter) {
	uses := make([]store.JTIUse, len(batch))
	now := batch[0].now
	for i, w := range batch {
		uses[i] = w.use
		if w.now.After(now) {
			now = w.now
		}
	}
	fresh, err := st.ConsumeJTIs(ctx, uses, now)
	for i, w := range batch {
		if err != nil {
			w.done <- jtiResult{err: err}
			continue
		}
		w.done <- jtiResult{fresh: fresh[i]}
	}
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
