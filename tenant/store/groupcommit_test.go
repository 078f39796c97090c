package store

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

func TestGroupCommitGivesEachCallerItsOwnResult(t *testing.T) {
	var batches atomic.Int32
	g := &GroupCommit[int, int]{MaxBatch: 4, Write: func(_ context.Context, items []int) ([]int, error) {
		batches.Add(1)
		if len(items) > 4 {
			t.Errorf("batch of %d items, more than MaxBatch", len(items))
		}
		out := make([]int, len(items))
		for i, v := range items {
			out[i] = v * 10
		}
		return out, nil
	}}
	const callers = 50
	var wg sync.WaitGroup
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := g.Do(context.Background(), i)
			if err != nil || got != i*10 {
				t.Errorf("Do(%d) = %d, %v; want %d", i, got, err, i*10)
			}
		}()
	}
	wg.Wait()
	if n := batches.Load(); n < callers/4 || n > callers {
		t.Errorf("%d batches for %d callers", n, callers)
	}
}

func TestGroupCommitPassesTheWriteErrorToEveryCallerOfTheBatch(t *testing.T) {
	boom := errors.New("disk full")
	g := &GroupCommit[string, struct{}]{Write: func(context.Context, []string) ([]struct{}, error) { return nil, boom }}
	if _, err := g.Do(context.Background(), "x"); !errors.Is(err, boom) {
		t.Fatalf("Do error = %v, want %v", err, boom)
	}
}
