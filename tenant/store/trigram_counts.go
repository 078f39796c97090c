package store

import (
	"context"
	"sync"
	"time"

	"github.com/pingclone/aic-console/tenant/crest/query"
)

// Trigram counts only choose how a name search reads (through the trigram
// index or in name order, and from which trigrams), never which rows match,
// so the store keeps the counts it read for a few seconds instead of asking
// the database on every search. An out-of-date count can make one search
// slower, never wrong.
const (
	trigramCountsTTL       = 5 * time.Second
	maxCachedTrigramCounts = 16384
)

type trigramCountCache struct {
	mu      sync.Mutex
	read    time.Time // when the entries were read; all expire together
	entries map[string]int
}

// TrigramCounts implements query.TrigramCounter for the store's queries.
func (c *stmtCache) TrigramCounts(ctx context.Context, ix *query.TrigramIndex, trigrams []string) (map[string]int, error) {
	cc := &c.trigramCounts
	out := make(map[string]int, len(trigrams))
	var missing []string
	cc.mu.Lock()
	if time.Since(cc.read) > trigramCountsTTL || len(cc.entries) > maxCachedTrigramCounts {
		cc.entries, cc.read = nil, time.Now()
	}
	for _, t := range trigrams {
		if n, ok := cc.entries[ix.Counts+"\x00"+t]; ok {
			out[t] = n
		} else {
			missing = append(missing, t)
		}
	}
	cc.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	read, err := query.CountTrigrams(ctx, c, ix, missing)
	if err != nil {
		return nil, err
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.entries == nil {
		cc.entries = make(map[string]int)
	}
	for _, t := range missing {
		out[t] = read[t] // 0 when no row holds it
		cc.entries[ix.Counts+"\x00"+t] = read[t]
	}
	return out, nil
}
