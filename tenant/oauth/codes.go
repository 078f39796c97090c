package oauth

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
)

// codeLifetime is how long an authorization code may be redeemed.
const codeLifetime = 60 * time.Second

// authCode is what an authorization code stands for.
type authCode struct {
	clientID      string
	redirectURI   string
	codeChallenge string // S256 challenge
	username      string
	scope         string
	sessionID     string // the AM session that approved it
	expires       time.Time
	redeemed      bool
	tokenIDs      []string // access tokens issued with it, revoked on reuse
	tokenExpiry   time.Time
}

// codeStore keeps issued codes in memory until they expire.
type codeStore struct {
	mu    sync.Mutex
	now   func() time.Time
	codes map[string]*authCode
}

func newCodeStore(now func() time.Time) *codeStore {
	return &codeStore{now: now, codes: map[string]*authCode{}}
}

// issue stores c under a new random code and returns the code.
func (s *codeStore) issue(c authCode) (string, error) {
	code, err := randomToken(32)
	if err != nil {
		return "", err
	}
	now := s.now()
	c.expires = now.Add(codeLifetime)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLocked(now)
	s.codes[code] = &c
	return code, nil
}

// redeemResult tells how a presented code fared.
type redeemResult int

const (
	codeUnknown  redeemResult = iota // never issued, or expired
	codeReused                       // presented before: tokens it gave are returned for revocation
	codeRedeemed                     // first presentation: the caller checks bindings and mints
)

// redeem marks code as used and returns what it stands for. A code counts as
// used from its first presentation, whatever the outcome of the checks that
// follow, so a stolen code cannot be tried against several verifiers.
func (s *codeStore) redeem(code string) (authCode, redeemResult) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.codes[code]
	if !ok {
		return authCode{}, codeUnknown
	}
	if c.redeemed {
		issued := *c
		issued.tokenIDs = append([]string(nil), c.tokenIDs...)
		c.tokenIDs = nil
		return issued, codeReused
	}
	if !now.Before(c.expires) {
		delete(s.codes, code)
		return authCode{}, codeUnknown
	}
	c.redeemed = true
	return *c, codeRedeemed
}

// issuedToken records an access token minted from code, so that a later reuse
// of the code can revoke it. The entry is kept until the token expires.
func (s *codeStore) issuedToken(code, tokenID string, expires time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.codes[code]; ok {
		c.tokenIDs = append(c.tokenIDs, tokenID)
		if expires.After(c.tokenExpiry) {
			c.tokenExpiry = expires
		}
	}
}

// pruneLocked drops codes that can no longer matter: unredeemed ones past
// their lifetime, redeemed ones once the tokens they gave have expired.
func (s *codeStore) pruneLocked(now time.Time) {
	for k, c := range s.codes {
		keep := now.Before(c.expires) || (c.redeemed && now.Before(c.tokenExpiry))
		if !keep {
			delete(s.codes, k)
		}
	}
}

// revocationList holds access token IDs revoked before their expiry.
type revocationList struct {
	mu  sync.Mutex
	now func() time.Time
	ids map[string]time.Time // token ID -> its expiry
}

func newRevocationList(now func() time.Time) *revocationList {
	return &revocationList{now: now, ids: map[string]time.Time{}}
}

func (l *revocationList) revoke(tokenID string, expires time.Time) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	for id, exp := range l.ids {
		if !now.Before(exp) {
			delete(l.ids, id)
		}
	}
	l.ids[tokenID] = expires
}

func (l *revocationList) isRevoked(tokenID string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.ids[tokenID]
	return ok
}

// randomToken returns n random bytes, base64url without padding.
func randomToken(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
