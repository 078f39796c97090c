package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Mint encodes the header once; its tokens must be what golang-jwt itself
// would sign (same header and payload segments) and verify as before.
func TestMintMatchesTheJWTLibrary(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := newSigner(key, "https://tenant.example.com")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().Truncate(time.Second)
	token, claims, err := s.Mint(KindServiceAccount, "6d8e4b6b-0000-4000-8000-000000000001", "", "fr:idm:* fr:idc:esv:read", 899*time.Second, now)
	if err != nil {
		t.Fatal(err)
	}
	lib := jwt.NewWithClaims(jwt.SigningMethodES256, claims)
	lib.Header["kid"] = s.kid
	want, err := lib.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	got, exp := strings.Split(token, "."), strings.Split(want, ".")
	if len(got) != 3 || got[0] != exp[0] || got[1] != exp[1] {
		t.Fatalf("token %q\nlibrary %q", token, want)
	}
	c, err := s.Verify(token, now)
	if err != nil || c.Subject != claims.Subject || c.Scope != "fr:idm:* fr:idc:esv:read" || c.Kind != KindServiceAccount {
		t.Fatalf("Verify: %+v %v", c, err)
	}
	parsed, err := jwt.Parse(token, func(*jwt.Token) (any, error) { return &key.PublicKey, nil },
		jwt.WithValidMethods([]string{"ES256"}), jwt.WithTimeFunc(func() time.Time { return now }))
	if err != nil || parsed.Header["kid"] != s.kid {
		t.Fatalf("golang-jwt parse: %v %v", parsed.Header, err)
	}
}
