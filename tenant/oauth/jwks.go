package oauth

import (
	"crypto/rsa"
	"encoding/json"
	"sync"

	"github.com/go-jose/go-jose/v4"
)

// minRSABits refuses keys too short to be safe.
const minRSABits = 2048

// accountKey is one RS256 verification key of a service account.
type accountKey struct {
	kid string
	key *rsa.PublicKey
}

// keyCache remembers the keys parsed from each distinct JWKS string, so a
// grant does not parse the account's key set every time. It is keyed by the
// string itself: regenerating a key changes the string, so the old keys are
// never found again.
type keyCache struct {
	mu      sync.RWMutex
	entries map[string][]accountKey
}

const keyCacheMax = 4096

func newKeyCache() *keyCache { return &keyCache{entries: map[string][]accountKey{}} }

// candidates returns the keys a signature with kid may be checked with: when
// both the assertion and a key carry a kid, they must match; a key without kid
// (or an assertion without one) is tried as well.
func (c *keyCache) candidates(jwks, kid string) []accountKey {
	keys := c.parse(jwks)
	if kid == "" {
		return keys
	}
	out := make([]accountKey, 0, len(keys))
	for _, k := range keys {
		if k.kid == "" || k.kid == kid {
			out = append(out, k)
		}
	}
	return out
}

func (c *keyCache) parse(jwks string) []accountKey {
	c.mu.RLock()
	keys, ok := c.entries[jwks]
	c.mu.RUnlock()
	if ok {
		return keys
	}
	keys = parseAccountKeys(jwks)
	c.mu.Lock()
	if len(c.entries) >= keyCacheMax {
		clear(c.entries)
	}
	c.entries[jwks] = keys
	c.mu.Unlock()
	return keys
}

// parseAccountKeys reads the RSA signature keys of a JWKS string. Each key is
// parsed on its own with go-jose, so one unusable key does not hide the others;
// keys for another use or algorithm, or shorter than 2048 bits, are skipped.
func parseAccountKeys(jwks string) []accountKey {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal([]byte(jwks), &set); err != nil {
		return nil
	}
	var out []accountKey
	for _, raw := range set.Keys {
		var k jose.JSONWebKey
		if err := k.UnmarshalJSON(raw); err != nil {
			continue
		}
		if k.Use != "" && k.Use != "sig" {
			continue
		}
		if k.Algorithm != "" && k.Algorithm != "RS256" {
			continue
		}
		var pub *rsa.PublicKey
		switch key := k.Key.(type) {
		case *rsa.PublicKey:
			pub = key
		case *rsa.PrivateKey: // never stored, but never trusted as more than its public half
			pub = &key.PublicKey
		default:
			continue
		}
		if pub.N.BitLen() < minRSABits {
			continue
		}
		out = append(out, accountKey{kid: k.KeyID, key: pub})
	}
	return out
}
