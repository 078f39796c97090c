package keys

import (
	"crypto/rsa"
	"encoding/json"
	"fmt"

	"github.com/go-jose/go-jose/v4"
)

// PublicJWKS is the jwks string the tenant stores: a JSON Web Key Set holding
// the public half of k only.
func PublicJWKS(k *rsa.PrivateKey) (string, error) {
	set := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &k.PublicKey}}}
	raw, err := json.Marshal(set)
	if err != nil {
		return "", fmt.Errorf("encode public JWKS: %w", err)
	}
	return string(raw), nil
}

// PrivateJWK is the key file the administrator downloads: k as a private JWK
// (kty, n, e, d, p, q, dp, dq, qi), with kid and alg when the public key
// stored with the tenant carries them.
func PrivateJWK(k *rsa.PrivateKey, kid, alg string) ([]byte, error) {
	k.Precompute()
	raw, err := json.MarshalIndent(jose.JSONWebKey{Key: k, KeyID: kid, Algorithm: alg}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode private JWK: %w", err)
	}
	return raw, nil
}
