package keys

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/subtle"
	"encoding/base64"
	"sync"
	"time"
)

// TTL is how long an unclaimed private key waits for its download.
const TTL = 10 * time.Minute

// Purpose tells why a key was made.
type Purpose string

const (
	PurposeCreated     Purpose = "created"
	PurposeRegenerated Purpose = "regenerated"
)

// Pending is a private key waiting for its one download.
type Pending struct {
	ID          string // random, unguessable; names the key in URLs
	AccountID   string
	AccountName string
	Purpose     Purpose
	Expires     time.Time
	owner       string
	key         *rsa.PrivateKey
}

// Key is the private key; only the download handler reads it.
func (p Pending) Key() *rsa.PrivateKey { return p.key }

// OneTime holds private keys in memory until downloaded once or expired.
// Each key is bound to the browser session that made it.
type OneTime struct {
	mu      sync.Mutex
	pending map[string]*Pending
	// claimed remembers, until the key would have expired, which account a
	// downloaded key was for (never the key), so the "no longer available"
	// page can offer Regenerate Key for it.
	claimed map[string]claim
	now     func() time.Time
	ttl     time.Duration
}

// NewOneTime returns an empty store; now nil means time.Now.
func NewOneTime(now func() time.Time) *OneTime {
	if now == nil {
		now = time.Now
	}
	return &OneTime{pending: map[string]*Pending{}, claimed: map[string]claim{}, now: now, ttl: TTL}
}

// Put stores k for the session owner and returns the pending entry's public
// view (without the key).
func (s *OneTime) Put(owner, accountID, accountName string, purpose Purpose, k *rsa.PrivateKey) (Pending, error) {
	id, err := randomID()
	if err != nil {
		return Pending{}, err
	}
	p := &Pending{ID: id, AccountID: accountID, AccountName: accountName, Purpose: purpose,
		Expires: s.now().Add(s.ttl), owner: owner, key: k}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweepLocked()
	s.pending[id] = p
	// Drop the key from memory when it expires, claimed or not.
	time.AfterFunc(s.ttl, func() { s.drop(id) })
	out := *p
	out.key = nil
	return out, nil
}

// Peek reports whether key id is still waiting for owner, without claiming it.
func (s *OneTime) Peek(id, owner string) (Pending, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.liveLocked(id, owner)
	if !ok {
		return Pending{}, false
	}
	out := *p
	out.key = nil
	return out, true
}

// Claim hands out key id to owner exactly once: the entry is removed, so any
// later claim (reload, second click, another tab) fails.
func (s *OneTime) Claim(id, owner string) (Pending, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.liveLocked(id, owner)
	if !ok {
		return Pending{}, false
	}
	delete(s.pending, id)
	s.claimed[id] = claim{accountID: p.AccountID, owner: p.owner, expires: p.Expires}
	return *p, true
}

// Discard drops key id for owner without handing it out (Done closes the
// dialog: an undownloaded key is gone, as the warning says). It reports
// whether a key was waiting.
func (s *OneTime) Discard(id, owner string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.liveLocked(id, owner); !ok {
		return false
	}
	delete(s.pending, id)
	return true
}

type claim struct {
	accountID, owner string
	expires          time.Time
}

// ClaimedAccount is the account whose key id was already downloaded by owner, or "".
func (s *OneTime) ClaimedAccount(id, owner string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.claimed[id]
	if !ok || owner == "" || c.owner != owner || !s.now().Before(c.expires) {
		return ""
	}
	return c.accountID
}

// Len is how many keys wait (expired ones included until swept).
func (s *OneTime) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.pending)
}

func (s *OneTime) liveLocked(id, owner string) (*Pending, bool) {
	p, ok := s.pending[id]
	if !ok {
		return nil, false
	}
	if !s.now().Before(p.Expires) {
		delete(s.pending, id)
		return nil, false
	}
	if owner == "" || subtle.ConstantTimeCompare([]byte(p.owner), []byte(owner)) != 1 {
		return nil, false
	}
	return p, true
}

// sweepLocked drops expired keys, so unclaimed keys do not stay in memory.
func (s *OneTime) sweepLocked() {
	now := s.now()
	for id, p := range s.pending {
		if !now.Before(p.Expires) {
			delete(s.pending, id)
		}
	}
	for id, c := range s.claimed {
		if !now.Before(c.expires) {
			delete(s.claimed, id)
		}
	}
}

func (s *OneTime) drop(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.pending, id)
	delete(s.claimed, id)
}

// Sweep drops expired keys; the web app calls it periodically.
func (s *OneTime) Sweep() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweepLocked()
}

func randomID() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
