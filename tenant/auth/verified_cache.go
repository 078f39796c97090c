package auth

import (
	"sync"
	"time"
)

// verifiedCacheSize bounds how many verified tokens the cache keeps. An entry
// (token and claims) is under a kilobyte, so the cache stays under ~4 MB.
const verifiedCacheSize = 4096

// verifiedCache remembers the claims of access tokens whose signature and
// issuer were already checked, keyed by the exact token string, so a token
// presented again skips the ECDSA verification (the bulk of a request's cost).
// Lifetime (exp, nbf) is still checked on every hit; revocation and the live
// account checks are the caller's and run on every call.
type verifiedCache struct {
	mu      sync.Mutex
	entries map[string]Claims
}

// get returns the cached claims of token if they are valid at now.
func (c *verifiedCache) get(token string, now time.Time) (*Claims, bool) {
	c.mu.Lock()
	claims, ok := c.entries[token]
	c.mu.Unlock()
	if !ok || !validAt(&claims, now) {
		return nil, false
	}
	return &claims, true
}

// put remembers claims for token. When full, it drops expired entries, and
// if none expired, everything (verification then simply runs again).
func (c *verifiedCache) put(token string, claims *Claims, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = make(map[string]Claims)
	}
	if len(c.entries) >= verifiedCacheSize {
		for k, v := range c.entries {
			if v.ExpiresAt == nil || !now.Before(v.ExpiresAt.Time) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= verifiedCacheSize {
			clear(c.entries)
		}
	}
	c.entries[token] = *claims
}

// validAt applies the lifetime checks jwt.Parser applies (no leeway): the
// token has an expiry, now is before it and not before nbf.
func validAt(c *Claims, now time.Time) bool {
	if c.ExpiresAt == nil || !now.Before(c.ExpiresAt.Time) {
		return false
	}
	if c.NotBefore != nil && now.Before(c.NotBefore.Time) {
		return false
	}
	return true
}
