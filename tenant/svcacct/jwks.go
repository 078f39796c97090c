package svcacct

import (
	"bytes"
	"crypto/rsa"
	"encoding/json"
	"fmt"

	"github.com/go-jose/go-jose/v4"
)

// Key set bounds.
const (
	MaxKeys       = 20
	MinRSAKeyBits = 2048
	MaxRSAKeyBits = 8192
)

// privateMembers are the JWK members that carry private or secret key
// material (RFC 7518 §6.3.2 for RSA, §6.2.2 for EC "d", §6.4.1 for "k").
var privateMembers = []string{"d", "p", "q", "dp", "dq", "qi", "oth", "k"}

// validateJWKS checks that v is a string holding a JSON Web Key Set of public
// RSA signing keys. Messages name the key (by position) and the problem, never
// any of the key's values.
func validateJWKS(v any) (string, error) {
	if v == nil {
		return "", fieldError("jwks", "A public key set (jwks) is required")
	}
	s, ok := v.(string)
	if !ok {
		return "", fieldError("jwks", "The jwks must be a string holding a JSON Web Key Set")
	}
	var set map[string]json.RawMessage
	if err := decodeStrict(s, &set); err != nil || set == nil {
		return "", fieldError("jwks", "The jwks is not a valid JSON Web Key Set")
	}
	if hasPrivateMember(set) {
		return "", privateKeyError()
	}
	var keys []map[string]json.RawMessage
	if err := json.Unmarshal(set["keys"], &keys); err != nil || set["keys"] == nil {
		return "", fieldError("jwks", "The jwks must hold a \"keys\" array of JSON Web Keys")
	}
	// Refuse private material first, before anything else reads the keys.
	for _, k := range keys {
		if hasPrivateMember(k) {
			return "", privateKeyError()
		}
	}
	switch {
	case len(keys) == 0:
		return "", fieldError("jwks", "The jwks must hold at least one public key")
	case len(keys) > MaxKeys:
		return "", fieldError("jwks", fmt.Sprintf("The jwks may hold at most %d keys", MaxKeys))
	}
	kids := map[string]bool{}
	for i, k := range keys {
		if err := checkKey(i+1, k); err != nil {
			return "", err
		}
		var kid string
		if raw, ok := k["kid"]; ok {
			if json.Unmarshal(raw, &kid) != nil {
				return "", keyError(i+1, "its kid must be a string")
			}
			if kids[kid] {
				return "", keyError(i+1, "its kid is used by another key of the set")
			}
			kids[kid] = true
		}
	}
	return s, nil
}

func checkKey(n int, members map[string]json.RawMessage) error {
	raw, err := json.Marshal(members)
	if err != nil {
		return keyError(n, "it is not a valid JSON Web Key")
	}
	var kty string
	_ = json.Unmarshal(members["kty"], &kty)
	if kty != "RSA" {
		return keyError(n, "only RSA keys (kty \"RSA\") are accepted")
	}
	var jwk jose.JSONWebKey
	if err := jwk.UnmarshalJSON(raw); err != nil {
		return keyError(n, "it is not a valid RSA public key")
	}
	pub, ok := jwk.Key.(*rsa.PublicKey)
	if !ok || !jwk.IsPublic() || pub.N == nil {
		return keyError(n, "it is not an RSA public key")
	}
	if bits := pub.N.BitLen(); bits < MinRSAKeyBits || bits > MaxRSAKeyBits {
		return keyError(n, fmt.Sprintf("RSA keys must have %d to %d bits (this one has %d)", MinRSAKeyBits, MaxRSAKeyBits, bits))
	}
	if pub.E < 3 || pub.E%2 == 0 {
		return keyError(n, "its public exponent is not valid")
	}
	if jwk.Algorithm != "" && jwk.Algorithm != string(jose.RS256) {
		return keyError(n, "its alg must be RS256 when present")
	}
	if jwk.Use != "" && jwk.Use != "sig" {
		return keyError(n, "its use must be \"sig\" when present")
	}
	return nil
}

func hasPrivateMember(m map[string]json.RawMessage) bool {
	for _, name := range privateMembers {
		if _, ok := m[name]; ok {
			return true
		}
	}
	return false
}

func privateKeyError() error {
	return fieldError("jwks", "The jwks must hold public keys only: it carries private key material, which was refused and not stored")
}

func keyError(n int, problem string) error {
	return fieldError("jwks", fmt.Sprintf("Key %d of the jwks is refused: %s", n, problem)).WithDetail("key", n)
}

// decodeStrict decodes exactly one JSON value from s.
func decodeStrict(s string, v any) error {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data")
	}
	return nil
}
