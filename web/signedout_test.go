package web

import (
	"testing"
	"time"
)

func TestSignedOutSessions(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	s := newSignedOutSessions()
	s.add("a", now.Add(time.Hour), now)
	s.add("", now.Add(time.Hour), now)
	if !s.has("a", now) || s.has("b", now) || s.has("", now) {
		t.Fatal("has: want a only")
	}
	if s.has("a", now.Add(time.Hour)) {
		t.Fatal("a session past its expiry needs no remembering")
	}
	s.add("b", now.Add(2*time.Hour), now.Add(time.Hour))
	if _, kept := s.until["a"]; kept {
		t.Fatal("expired entries are not dropped")
	}
}
