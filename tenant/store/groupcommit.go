package store

import (
	"context"
	"sync"
	"time"
)

// GroupCommit writes the items of concurrent callers together: the first
// caller to find no write in progress becomes the leader and writes everything
// pending, batch after batch, until nothing is left; the others wait for
// their own result. Every caller still returns only after its item is
// committed; under load one commit serves many callers.
//
// Callers that know early that they will most likely call Do (a token grant
// about to check its assertion) announce it (Announce): a leader waits, at
// most MaxWait, for announced callers to arrive before its first commit, so
// that under load a commit serves many callers instead of the few that
// happened to arrive during the previous one. With no announced caller on its
// way, a leader never waits.
type GroupCommit[T, R any] struct {
	// Write commits a batch in one transaction and returns one result per item.
	Write    func(ctx context.Context, items []T) ([]R, error)
	MaxBatch int
	// MaxWait bounds a leader's wait for announced callers; zero never waits.
	MaxWait time.Duration

	mu        sync.Mutex
	pending   []*groupWaiter[T, R]
	flushing  bool
	announced int           // announced callers not yet arrived nor withdrawn
	wake      chan struct{} // tells a waiting leader that announced or pending changed
}

type groupWaiter[T, R any] struct {
	item T
	done chan groupResult[R]
}

type groupResult[R any] struct {
	value R
	err   error
}

// Ticket is an announced caller's place: it calls Do once, or Withdraw when
// it will not (Withdraw after Do does nothing, so it may be deferred).
type Ticket[T, R any] struct {
	g    *GroupCommit[T, R]
	gone bool // arrived or withdrawn; touched only by the caller
}

// Announce tells the group that the caller is on its way to Do.
func (g *GroupCommit[T, R]) Announce() *Ticket[T, R] {
	g.mu.Lock()
	g.announced++
	g.mu.Unlock()
	return &Ticket[T, R]{g: g}
}

// Do commits item with whatever else is pending and returns its result.
func (t *Ticket[T, R]) Do(ctx context.Context, item T) (R, error) {
	announced := !t.gone
	t.gone = true
	return t.g.do(ctx, item, announced)
}

// Withdraw tells the group the caller will not call Do after all.
func (t *Ticket[T, R]) Withdraw() {
	if t.gone {
		return
	}
	t.gone = true
	t.g.mu.Lock()
	t.g.announced--
	t.g.signal()
	t.g.mu.Unlock()
}

// Do commits item with whatever else is pending and returns its result.
func (g *GroupCommit[T, R]) Do(ctx context.Context, item T) (R, error) {
	return g.do(ctx, item, false)
}

func (g *GroupCommit[T, R]) do(ctx context.Context, item T, announced bool) (R, error) {
	me := &groupWaiter[T, R]{item: item, done: make(chan groupResult[R], 1)}
	g.mu.Lock()
	g.pending = append(g.pending, me)
	if announced {
		g.announced--
	}
	if g.flushing {
		g.signal()
		g.mu.Unlock()
		select {
		case r := <-me.done:
			return r.value, r.err
		case <-ctx.Done():
			// The leader still writes it; this caller gives up waiting.
			var zero R
			return zero, ctx.Err()
		}
	}
	g.flushing = true
	g.gather()
	for len(g.pending) > 0 {
		n := len(g.pending)
		if g.MaxBatch > 0 {
			n = min(n, g.MaxBatch)
		}
		batch := g.pending[:n:n]
		g.pending = g.pending[n:]
		g.mu.Unlock()
		g.flush(context.WithoutCancel(ctx), batch)
		g.mu.Lock()
	}
	g.pending = nil
	g.flushing = false
	g.mu.Unlock()
	r := <-me.done
	return r.value, r.err
}

// gather waits (g.mu held, released while waiting) until no announced caller
// is on its way, the batch is full or MaxWait has passed.
func (g *GroupCommit[T, R]) gather() {
	if g.MaxWait <= 0 || g.announced <= 0 {
		return
	}
	if g.wake == nil {
		g.wake = make(chan struct{}, 1)
	}
	timer := time.NewTimer(g.MaxWait)
	defer timer.Stop()
	for g.announced > 0 && (g.MaxBatch <= 0 || len(g.pending) < g.MaxBatch) {
		g.mu.Unlock()
		select {
		case <-g.wake:
			g.mu.Lock()
		case <-timer.C:
			g.mu.Lock()
			return
		}
	}
}

// signal wakes a gathering leader (g.mu held).
func (g *GroupCommit[T, R]) signal() {
	if g.wake == nil {
		return
	}
	select {
	case g.wake <- struct{}{}:
	default:
	}
}

func (g *GroupCommit[T, R]) flush(ctx context.Context, batch []*groupWaiter[T, R]) {
	items := make([]T, len(batch))
	for i, w := range batch {
		items[i] = w.item
	}
	results, err := g.Write(ctx, items)
	for i, w := range batch {
		if err != nil {
			w.done <- groupResult[R]{err: err}
			continue
		}
		w.done <- groupResult[R]{value: results[i]}
	}
}
