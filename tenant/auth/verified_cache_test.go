package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"strings"
	"testing"
	"time"
)

func testSigner(t *testing.T) *Signer {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := newSigner(k, "https://tenant.test")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A token verified once is answered from the cache afterwards, but its
// lifetime still applies, and any other string is verified in full.
func TestVerifyCacheKeepsLifetimeAndSignatureChecks(t *testing.T) {
	s := testSigner(t)
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	token, _, err := s.Mint(KindAdmin, "alice", "", "fr:idm:*", time.Minute, now)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // the second call is a cache hit
		c, err := s.Verify(token, now.Add(30*time.Second))
		if err != nil || c.Subject != "alice" || c.Scope != "fr:idm:*" {
			t.Fatalf("call %d: claims %+v, err %v", i, c, err)
		}
	}
	if _, ok := s.verified.get(token, now); !ok {
		t.Fatal("verified token not cached")
	}
	if _, err := s.Verify(token, now.Add(time.Minute)); err == nil {
		t.Fatal("expired token accepted from the cache")
	}
	if _, err := s.Verify(token, now.Add(-time.Second)); err == nil {
		t.Fatal("token accepted before nbf from the cache")
	}
	parts := strings.Split(token, ".")
	sig := []byte(parts[2])
	sig[5] ^= 1
	tampered := parts[0] + "." + parts[1] + "." + string(sig)
	if _, err := s.Verify(tampered, now); err == nil {
		t.Fatal("tampered signature accepted")
	}
	other := testSigner(t)
	if _, err := other.Verify(token, now); err == nil {
		t.Fatal("token of another key accepted")
	}
}

// The cache never grows past its bound.
func TestVerifiedCacheIsBounded(t *testing.T) {
	var c verifiedCache
	now := time.Now()
	s := testSigner(t)
	_, claims, err := s.Mint(KindAdmin, "bob", "", "", time.Hour, now)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < verifiedCacheSize*2+3; i++ {
		c.put(strings.Repeat("x", i%7)+string(rune('a'+i%26))+time.Duration(i).String(), &claims, now)
		if len(c.entries) > verifiedCacheSize {
			t.Fatalf("cache holds %d entries", len(c.entries))
		}
	}
}
