package oauth

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

// fakeAccounts answers from a map and counts reads; during a read it can run
// a hook (a write that commits while the read is under way).
type fakeAccounts struct {
	accounts map[string]ServiceAccount
	reads    int
	during   func()
}

func (f *fakeAccounts) ServiceAccount(_ context.Context, id string) (ServiceAccount, error) {
	f.reads++
	a, ok := f.accounts[id]
	if f.during != nil {
		f.during()
		f.during = nil
	}
	if !ok {
		return ServiceAccount{}, ErrAccountNotFound
	}
	return a, nil
}

func TestCachedAccounts(t *testing.T) {
	var writes atomic.Uint64
	src := &fakeAccounts{accounts: map[string]ServiceAccount{"a": {ID: "a", Active: true}}}
	c := NewCachedAccounts(src, writes.Load)
	ctx := context.Background()
	get := func(id string) (ServiceAccount, error) { return c.ServiceAccount(ctx, id) }

	if a, err := get("a"); err != nil || !a.Active {
		t.Fatalf("first read: %+v %v", a, err)
	}
	get("a")
	if src.reads != 1 {
		t.Fatalf("%d reads for an unchanged account, want 1", src.reads)
	}
	if _, err := get("b"); !errors.Is(err, ErrAccountNotFound) {
		t.Fatalf("unknown: %v", err)
	}
	if _, err := get("b"); !errors.Is(err, ErrAccountNotFound) || src.reads != 2 {
		t.Fatalf("unknown again: %v after %d reads", err, src.reads)
	}

	// A write anywhere makes every entry stale.
	src.accounts["a"] = ServiceAccount{ID: "a", Active: false}
	src.accounts["b"] = ServiceAccount{ID: "b", Active: true}
	writes.Add(1)
	if a, _ := get("a"); a.Active {
		t.Fatal("deactivation not seen after a write")
	}
	if b, err := get("b"); err != nil || !b.Active {
		t.Fatalf("creation not seen after a write: %v", err)
	}

	// A write that ends while the account is being read: what was read may be
	// the old state, so it must not be trusted afterwards.
	reads := src.reads
	src.during = func() { src.accounts["a"] = ServiceAccount{ID: "a", Active: true}; writes.Add(1) }
	writes.Add(1) // the entry for "a" is stale: the next get reads (and races the write)
	get("a")
	if a, _ := get("a"); !a.Active || src.reads != reads+2 {
		t.Fatalf("a read racing a write was trusted: %+v, %d reads", a, src.reads-reads)
	}
}

// A failure to read is not remembered.
func TestCachedAccountsForgetFailures(t *testing.T) {
	fail := errors.New("disk on fire")
	calls := 0
	c := NewCachedAccounts(accountsFunc(func(context.Context, string) (ServiceAccount, error) {
		calls++
		return ServiceAccount{}, fail
	}), func() uint64 { return 0 })
	for range 2 {
		if _, err := c.ServiceAccount(context.Background(), "a"); !errors.Is(err, fail) {
			t.Fatalf("err = %v", err)
		}
	}
	if calls != 2 {
		t.Fatalf("%d reads, want 2", calls)
	}
}

type accountsFunc func(context.Context, string) (ServiceAccount, error)

func (f accountsFunc) ServiceAccount(ctx context.Context, id string) (ServiceAccount, error) {
	return f(ctx, id)
}
