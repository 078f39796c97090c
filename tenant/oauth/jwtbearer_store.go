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
	a, err := s.Store.GetSvcAcct(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return ServiceAccount{}, fmt.Errorf("%w: %s", ErrAccountNotFound, id)
	}
	if err != nil {
		return ServiceAccount{}, err
	}
	return ServiceAccount{ID: a.ID, Name: a.Name, Active: a.AccountStatus == "active", Scopes: a.Scopes, JWKS: a.JWKS}, nil
}

// NewStoreAccounts reads service accounts from st, kept in memory until the
// next write to any service account through st.
func NewStoreAccounts(st *store.Store) *CachedAccounts {
	return NewCachedAccounts(StoreAccounts{Store: st}, st.SvcAcctWrites)
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
	return StoreReplayGuard{Store: st, Now: now, purge: &purgeClock{}, group: newJTIGroup(st)}
}

const jtiPurgeInterval = time.Minute

// Consume implements ReplayGuard.
func (g StoreReplayGuard) Consume(ctx context.Context, issuer, jti string, expires time.Time, along TxWrite) (bool, error) {
	now := g.Now()
	if g.purge != nil && g.purge.due(now) {
		if _, err := g.Store.PurgeJTIs(ctx, now); err != nil {
			return false, err
		}
	}
	use := store.JTIUse{Issuer: issuer, JTI: jti, ExpiresAt: expires, Along: along}
	if g.group == nil {
		fresh, err := g.Store.ConsumeJTIs(ctx, []store.JTIUse{use}, now)
		if err != nil {
			return false, err
		}
		return fresh[0], nil
	}
	if t, ok := ctx.Value(jtiTicketKey{}).(*jtiTicket); ok {
		return t.Do(ctx, jtiUse{use: use, now: now})
	}
	return g.group.Do(ctx, jtiUse{use: use, now: now})
}

type jtiTicket = store.Ticket[jtiUse, bool]

type jtiTicketKey struct{}

// Expect implements ReplayGuard: the grant's jti is announced to the group
// commit, whose leader then waits (at most jtiGatherWait) for it.
func (g StoreReplayGuard) Expect(ctx context.Context) (context.Context, func()) {
	if g.group == nil {
		return ctx, func() {}
	}
	t := g.group.Announce()
	return context.WithValue(ctx, jtiTicketKey{}, t), t.Withdraw
}

// jtiUse is one assertion use waiting for the group commit.
type jtiUse struct {
	use store.JTIUse
	now time.Time
}

// jtiGroup commits the jtis of concurrent grants together (store.GroupCommit):
// every grant still answers only after its jti is committed, so a replay is
// refused across restarts as before; under load one commit serves many grants.
type jtiGroup = store.GroupCommit[jtiUse, bool]

// maxJTIBatch bounds one transaction, so a leader is not kept serving others
// for long.
const maxJTIBatch = 128

// jtiGatherWait bounds how long a commit waits for grants that have started
// (checking their assertions) to join it. Under load it lets one commit serve
// many grants instead of two or three; a lone grant never waits.
const jtiGatherWait = 3 * time.Millisecond

func newJTIGroup(st *store.Store) *jtiGroup {
	return &jtiGroup{MaxBatch: maxJTIBatch, MaxWait: jtiGatherWait, Write: func(ctx context.Context, batch []jtiUse) ([]bool, error) {
		uses := make([]store.JTIUse, len(batch))
		now := batch[0].now
		for i, u := range batch {
			uses[i] = u.use
			if u.now.After(now) {
				now = u.now
			}
		}
		return st.ConsumeJTIs(ctx, uses, now)
	}}
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
