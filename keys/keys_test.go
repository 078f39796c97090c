package keys

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
)

var (
	testKeyOnce sync.Once
	testKey     *rsa.PrivateKey
)

func key(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	testKeyOnce.Do(func() {
		var err error
		testKey, err = rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
	})
	return testKey
}

func TestPoolHandsOutDistinctKeys(t *testing.T) {
	p := NewPool(2, 1024)
	defer p.Close()
	seen := map[string]bool{}
	for i := 0; i < 4; i++ {
		k, err := p.Get(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if k.N.BitLen() != 1024 {
			t.Fatalf("key has %d bits, want 1024", k.N.BitLen())
		}
		n := k.N.String()
		if seen[n] {
			t.Fatal("pool handed out the same key twice")
		}
		seen[n] = true
	}
}

func TestPoolGetHonoursContext(t *testing.T) {
	release := make(chan struct{})
	p := newPool(1, 1024, func(int) (*rsa.PrivateKey, error) { <-release; return nil, context.Canceled })
	defer p.Close()
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Get(ctx); err == nil {
		t.Fatal("Get with a cancelled context and an empty pool succeeded")
	}
}

func TestPublicJWKSHasNoPrivateMembers(t *testing.T) {
	s, err := PublicJWKS(key(t))
	if err != nil {
		t.Fatal(err)
	}
	var set struct{ Keys []map[string]any }
	if err := json.Unmarshal([]byte(s), &set); err != nil {
		t.Fatal(err)
	}
	if len(set.Keys) != 1 {
		t.Fatalf("want one key, got %d", len(set.Keys))
	}
	for _, m := range []string{"d", "p", "q", "dp", "dq", "qi"} {
		if _, ok := set.Keys[0][m]; ok {
			t.Fatalf("public JWKS carries private member %q", m)
		}
	}
	if set.Keys[0]["kty"] != "RSA" || set.Keys[0]["n"] == nil || set.Keys[0]["e"] != "AQAB" {
		t.Fatalf("unexpected public key %v", set.Keys[0])
	}
}

func TestPrivateJWKRoundTrips(t *testing.T) {
	k := key(t)
	raw, err := PrivateJWK(k, "", "")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	for _, member := range []string{"kty", "n", "e", "d", "p", "q", "dp", "dq", "qi"} {
		if _, ok := m[member]; !ok {
			t.Errorf("private JWK lacks %q", member)
		}
	}
	if _, ok := m["kid"]; ok {
		t.Error("kid present though none was given")
	}
	var jwk jose.JSONWebKey
	if err := jwk.UnmarshalJSON(raw); err != nil {
		t.Fatal(err)
	}
	priv, ok := jwk.Key.(*rsa.PrivateKey)
	if !ok || !priv.Equal(k) {
		t.Fatal("private JWK does not decode to the same key")
	}
	withKid, _ := PrivateJWK(k, "k1", "RS256")
	if !strings.Contains(string(withKid), `"kid": "k1"`) || !strings.Contains(string(withKid), `"alg": "RS256"`) {
		t.Fatalf("kid/alg not carried: %s", withKid)
	}
}

func TestOneTimeClaimsExactlyOnce(t *testing.T) {
	s := NewOneTime(nil)
	p, err := s.Put("sess-1", "acct", "name", PurposeCreated, key(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.Key() != nil {
		t.Fatal("Put's answer exposes the key")
	}
	if _, ok := s.Peek(p.ID, "sess-2"); ok {
		t.Fatal("another session can see the key")
	}
	if _, ok := s.Claim(p.ID, "sess-2"); ok {
		t.Fatal("another session claimed the key")
	}
	if _, ok := s.Peek(p.ID, "sess-1"); !ok {
		t.Fatal("owner cannot see the key")
	}
	got, ok := s.Claim(p.ID, "sess-1")
	if !ok || got.Key() == nil || got.AccountID != "acct" {
		t.Fatal("owner could not claim the key")
	}
	if _, ok := s.Claim(p.ID, "sess-1"); ok {
		t.Fatal("key claimed twice")
	}
	if _, ok := s.Peek(p.ID, "sess-1"); ok {
		t.Fatal("claimed key still visible")
	}
	if _, ok := s.Claim(p.ID, ""); ok {
		t.Fatal("empty owner claimed")
	}
}

func TestOneTimeDiscardDropsOnlyTheOwnersKey(t *testing.T) {
	s := NewOneTime(nil)
	p, err := s.Put("sess-1", "acct", "name", PurposeCreated, key(t))
	if err != nil {
		t.Fatal(err)
	}
	if s.Discard(p.ID, "sess-2") || s.Discard(p.ID, "") {
		t.Fatal("another session discarded the key")
	}
	if !s.Discard(p.ID, "sess-1") {
		t.Fatal("owner could not discard the key")
	}
	if _, ok := s.Claim(p.ID, "sess-1"); ok || s.Len() != 0 {
		t.Fatal("discarded key still claimable")
	}
	if s.Discard(p.ID, "sess-1") {
		t.Fatal("key discarded twice")
	}
}

func TestOneTimeExpires(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	s := NewOneTime(func() time.Time { return now })
	p, err := s.Put("sess", "acct", "name", PurposeRegenerated, key(t))
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(TTL - time.Second)
	if _, ok := s.Peek(p.ID, "sess"); !ok {
		t.Fatal("key gone before its time")
	}
	now = now.Add(2 * time.Second)
	if _, ok := s.Claim(p.ID, "sess"); ok {
		t.Fatal("expired key claimed")
	}
	if s.Len() != 0 {
		t.Fatal("expired key still held in memory")
	}
}
