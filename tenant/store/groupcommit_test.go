package store

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
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

// A leader waits for an announced caller, so both commit in one batch.
func TestGroupCommitLeaderWaitsForAnnouncedCallers(t *testing.T) {
	var sizes []int
	var mu sync.Mutex
	g := &GroupCommit[int, int]{MaxWait: time.Minute, Write: func(_ context.Context, items []int) ([]int, error) {
		mu.Lock()
		sizes = append(sizes, len(items))
		mu.Unlock()
		return items, nil
	}}
	late := g.Announce()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if got, err := g.Do(context.Background(), 1); got != 1 || err != nil {
			t.Errorf("leader: %d %v", got, err)
		}
	}()
	time.Sleep(20 * time.Millisecond) // the leader is waiting for the announced caller
	if got, err := late.Do(context.Background(), 2); got != 2 || err != nil {
		t.Errorf("announced: %d %v", got, err)
	}
	<-done
	if len(sizes) != 1 || sizes[0] != 2 {
		t.Fatalf("batches %v, want one of 2", sizes)
	}
	late.Withdraw() // after Do: nothing
	if g.announced != 0 {
		t.Fatalf("announced = %d after Do and Withdraw", g.announced)
	}
}

// A withdrawn announcement releases the waiting leader at once, and MaxWait
// bounds the wait for an announced caller that never comes.
func TestGroupCommitLeaderWaitIsBounded(t *testing.T) {
	g := &GroupCommit[int, int]{MaxWait: time.Minute, Write: func(_ context.Context, items []int) ([]int, error) { return items, nil }}
	gone := g.Announce()
	go func() { time.Sleep(20 * time.Millisecond); gone.Withdraw() }()
	start := time.Now()
	if _, err := g.Do(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Fatalf("leader waited %v after the withdrawal", d)
	}

	g.MaxWait = 30 * time.Millisecond
	g.Announce() // never comes
	start = time.Now()
	if _, err := g.Do(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 30*time.Millisecond || d > 20*time.Second {
		t.Fatalf("leader waited %v for a caller that never came, want MaxWait", d)
	}
}

// A lone caller that announced itself never waits.
func TestGroupCommitLoneAnnouncedCallerDoesNotWait(t *testing.T) {
	g := &GroupCommit[int, int]{MaxWait: time.Hour, Write: func(_ context.Context, items []int) ([]int, error) { return items, nil }}
	tk := g.Announce()
	done := make(chan struct{})
	go func() { defer close(done); tk.Do(context.Background(), 1) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("a lone announced caller waited")
	}
}
