package oauth

import (
	"strings"
	"sync"
	"time"
)

// Throttle settings: the first freeFailures wrong passwords for a user name
// cost nothing extra; each one after that locks the user name for twice as
// long as the previous one, from firstLockout up to maxLockout. A success
// resets the count; a user name left alone for forgetAfter is forgotten.
const (
	freeFailures = 5
	firstLockout = 2 * time.Second
	maxLockout   = 15 * time.Minute
	forgetAfter  = time.Hour
	// maxTracked bounds memory when someone sprays many user names.
	maxTracked = 100_000
)

// loginThrottle slows down password guessing per user name. Instead of
// sleeping (which would tie up a goroutine per guess), a user name with too
// many recent failures is locked for a while; attempts while it is locked are
// refused with the same answer as a wrong password, without checking it.
type loginThrottle struct {
	mu      sync.Mutex
	now     func() time.Time
	entries map[string]*throttleEntry
}

type throttleEntry struct {
	failures    int
	lockedUntil time.Time
	lastSeen    time.Time
}

func newLoginThrottle(now func() time.Time) *loginThrottle {
	return &loginThrottle{now: now, entries: map[string]*throttleEntry{}}
}

func throttleKey(username string) string { return strings.ToLower(strings.TrimSpace(username)) }

// begin reports whether a password attempt for username may be checked now.
// It counts the attempt as a failure up front, so that many attempts sent at
// once cannot all slip through before the first one is found wrong; succeeded
// clears the count again.
func (t *loginThrottle) begin(username string) bool {
	key := throttleKey(username)
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	e := t.entries[key]
	if e != nil && now.Sub(e.lastSeen) > forgetAfter && !now.Before(e.lockedUntil) {
		e = nil
	}
	if e == nil {
		if len(t.entries) >= maxTracked {
			t.pruneLocked(now)
		}
		e = &throttleEntry{}
		t.entries[key] = e
	}
	if now.Before(e.lockedUntil) {
		return false
	}
	e.failures++
	e.lastSeen = now
	if over := e.failures - freeFailures; over > 0 {
		e.lockedUntil = now.Add(lockoutFor(over))
	}
	return true
}

// succeeded forgets the failures of username after a correct password.
func (t *loginThrottle) succeeded(username string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.entries, throttleKey(username))
}

// lockoutFor is the lockout after the n-th failure beyond the free ones.
func lockoutFor(n int) time.Duration {
	d := firstLockout
	for i := 1; i < n && d < maxLockout; i++ {
		d *= 2
	}
	return min(d, maxLockout)
}

// pruneLocked drops forgotten entries; if spraying still fills the table, the
// oldest half goes (those user names restart with a clean count).
func (t *loginThrottle) pruneLocked(now time.Time) {
	for k, e := range t.entries {
		if now.Sub(e.lastSeen) > forgetAfter && !now.Before(e.lockedUntil) {
			delete(t.entries, k)
		}
	}
	if len(t.entries) < maxTracked {
		return
	}
	cutoff := now.Add(-forgetAfter / 2)
	for k, e := range t.entries {
		if e.lastSeen.Before(cutoff) && !now.Before(e.lockedUntil) {
			delete(t.entries, k)
		}
	}
}
