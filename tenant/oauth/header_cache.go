package oauth

import (
	"strings"
	"sync"
)

// headerCache remembers what checkHeader decided for each header segment it
// has seen. A client sends the same header with every assertion (the same
// alg, typ and kid), and the decision depends on the segment alone, so a
// grant need not decode it again (the JWT parser still decodes it for
// itself). Bounded: past headerCacheMax segments it starts again empty, so
// made-up headers cannot grow it.
type headerCache struct {
	mu      sync.RWMutex
	entries map[string]error
}

const (
	headerCacheMax = 1024
	// maxCachedHeader keeps unusually long header segments out of the cache.
	maxCachedHeader = 512
)

func newHeaderCache() *headerCache { return &headerCache{entries: map[string]error{}} }

// check is checkHeader(assertion), remembered by header segment.
func (c *headerCache) check(assertion string) error {
	head, _, ok := strings.Cut(assertion, ".")
	if !ok || strings.Count(assertion, ".") != 2 || len(head) > maxCachedHeader {
		return checkHeader(assertion)
	}
	c.mu.RLock()
	err, seen := c.entries[head]
	c.mu.RUnlock()
	if seen {
		return err
	}
	err = checkHeader(assertion)
	c.mu.Lock()
	if len(c.entries) >= headerCacheMax {
		clear(c.entries)
	}
	c.entries[strings.Clone(head)] = err
	c.mu.Unlock()
	return err
}
