package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/pingclone/aic-console/tenant/store"
)

const signingKeySetting = "oauth.signing_key"

// Claims are the contents of an access token the tenant issues. Tokens are
// opaque to clients; only the tenant reads them.
type Claims struct {
	jwt.RegisteredClaims
	Kind  Kind   `json:"kind"`
	Role  string `json:"role,omitempty"`
	Scope string `json:"scope"`
}

// Signer mints and verifies the tenant's access tokens with an ES256 key
// generated once and kept in the tenant database (inside the data folder).
type Signer struct {
	key    *ecdsa.PrivateKey
	kid    string
	issuer string
	// header is the encoded JOSE header of every token: the same each time,
	// so it is encoded once.
	header string
	// verified skips re-verifying the signature of a token seen before.
	verified verifiedCache
}

// LoadSigner reads the tenant's signing key, generating it on first use.
func LoadSigner(ctx context.Context, st *store.Store, issuer string) (*Signer, error) {
	raw, err := st.SettingOrCreate(ctx, signingKeySetting, func() ([]byte, error) {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, err
		}
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			return nil, err
		}
		return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
	})
	if err != nil {
		return nil, fmt.Errorf("load token signing key: %w", err)
	}
	block, _ := pem.Decode(raw)
	if block == nil {
		return nil, errors.New("load token signing key: stored key is not PEM")
	}
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("load token signing key: %w", err)
	}
	key, ok := parsed.(*ecdsa.PrivateKey)
	if !ok {
		return nil, errors.New("load token signing key: stored key is not ECDSA")
	}
	return newSigner(key, issuer)
}

func newSigner(key *ecdsa.PrivateKey, issuer string) (*Signer, error) {
	jwk := jose.JSONWebKey{Key: &key.PublicKey}
	thumb, err := jwk.Thumbprint(cryptoSHA256)
	if err != nil {
		return nil, fmt.Errorf("load token signing key: thumbprint: %w", err)
	}
	kid := base64URL(thumb)
	header, err := json.Marshal(map[string]any{"typ": "JWT", "alg": jwt.SigningMethodES256.Alg(), "kid": kid})
	if err != nil {
		return nil, fmt.Errorf("load token signing key: header: %w", err)
	}
	return &Signer{key: key, kid: kid, issuer: issuer, header: base64URL(header)}, nil
}

// Mint signs a token for subject, valid for ttl.
func (s *Signer) Mint(kind Kind, subject, role, scope string, ttl time.Duration, now time.Time) (token string, claims Claims, err error) {
	claims = Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    s.issuer,
			Subject:   subject,
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
			ID:        uuid.NewString(),
		},
		Kind:  kind,
		Role:  role,
		Scope: scope,
	}
	// As jwt.Token.SignedString does, with the constant header encoded once.
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", Claims{}, fmt.Errorf("sign access token: %w", err)
	}
	signingString := s.header + "." + base64URL(payload)
	sig, err := jwt.SigningMethodES256.Sign(signingString, s.key)
	if err != nil {
		return "", Claims{}, fmt.Errorf("sign access token: %w", err)
	}
	return signingString + "." + base64URL(sig), claims, nil
}

// Verify checks a token's signature, issuer and lifetime and returns its claims.
func (s *Signer) Verify(token string, now time.Time) (*Claims, error) {
	if c, ok := s.verified.get(token, now); ok {
		return c, nil
	}
	var c Claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return &s.key.PublicKey, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodES256.Alg()}),
		jwt.WithIssuer(s.issuer),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(func() time.Time { return now }),
	)
	if err != nil {
		return nil, fmt.Errorf("verify access token: %w", err)
	}
	s.verified.put(token, &c, now)
	return &c, nil
}

// PublicJWKS is the key set published at /am/oauth2/connect/jwk_uri.
func (s *Signer) PublicJWKS() jose.JSONWebKeySet {
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{
		Key: &s.key.PublicKey, KeyID: s.kid, Algorithm: "ES256", Use: "sig",
	}}}
}
