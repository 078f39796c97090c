package store

import (
	"context"
	"sync"
)

// GroupCommit writes the items of concurrent callers together: the first
// caller to find no write in progress becomes the leader and writes everything
// pending, batch after batch, until nothing is left; the others wait for
// their own result. Every caller still returns only after its item is
// committed; under load one commit serves many callers.
type GroupCommit[T, R any] struct {
	// Write commits a batch in one transaction and returns one result per item.
	Write    func(ctx context.Context, items []T) ([]R, error)
	MaxBatch int

	mu       sync.Mutex
	pending  []*groupWaiter[T, R]
	flushing bool
}

type groupWaiter[T, R any] struct {
	item T
	done chan groupResult[R]
}

type groupResult[R any] struct {
	value R
	err   error
}

// Do commits item with whatever else is pending and returns its result.
func (g *GroupCommit[T, R]) Do(ctx context.Context, item T) (R, error) {
	me := &groupWaiter[T, R]{item: item, done: make(chan groupResult[R], 1)}
	g.mu.Lock()
	g.pending = append(g.pending, me)
	if g.flushing {
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
