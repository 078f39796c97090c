package web

import (
	"sync"
	"time"
)

// signedOutSessions remembers the IDs of console sessions ended by Sign Out
// until they would have expired anyway. The session lives in its cookie, so
// without this a copy of the cookie taken before Sign Out would still open
// the console with the administrator's token.
type signedOutSessions struct {
	mu    sync.Mutex
	until map[string]time.Time // session ID -> when it would have expired
}

func newSignedOutSessions() *signedOutSessions {
	return &signedOutSessions{until: map[string]time.Time{}}
}

// add ends session sid for good; expired entries are dropped on the way.
func (s *signedOutSessions) add(sid string, until, now time.Time) {
	if s == nil || sid == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, t := range s.until {
		if !now.Before(t) {
			delete(s.until, id)
		}
	}
	s.until[sid] = until
}

// has reports whether session sid was signed out.
func (s *signedOutSessions) has(sid string, now time.Time) bool {
	if s == nil || sid == "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.until[sid]
	return ok && now.Before(t)
}
