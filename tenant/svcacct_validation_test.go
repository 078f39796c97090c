package tenant_test

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/pingclone/aic-console/tenant/tenanttest"
)

// jwk renders a JWK object with the public members of key plus extra.
func jwk(key *rsa.PrivateKey, extra map[string]any) map[string]any {
	m := map[string]any{
		"kty": "RSA",
		"n":   base64.RawURLEncoding.EncodeToString(key.N.Bytes()),
		"e":   base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes()),
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

func jwksString(keys ...map[string]any) string {
	b, _ := json.Marshal(map[string]any{"keys": keys})
	return string(b)
}

func b64(n *big.Int) string { return base64.RawURLEncoding.EncodeToString(n.Bytes()) }

// TestSvcAcctCreateRefusesBadInput sends each bad input of issue 2 point 5
// through the real route table and expects a CREST 400 (413 for the body
// size) naming the field, with nothing stored.
func TestSvcAcctCreateRefusesBadInput(t *testing.T) {
	f := tenanttest.New(t)
	publicJWKS(t) // make the shared key
	key := testKey
	small := mustKey(t, 1024)

	with := func(k string, v any) map[string]any {
		b := validBody(t, "bad-input")
		b[k] = v
		return b
	}
	without := func(k string) map[string]any {
		b := validBody(t, "bad-input")
		delete(b, k)
		return b
	}
	cases := []struct {
		name   string
		body   any
		status int
		field  string
	}{
		{"name missing", without("name"), 400, "name"},
		{"name null", with("name", nil), 400, "name"},
		{"name empty", with("name", ""), 400, "name"},
		{"name only spaces", with("name", "  \t "), 400, "name"},
		{"name not a string", with("name", 42), 400, "name"},
		{"name 256 characters", with("name", strings.Repeat("é", 256)), 400, "name"},
		{"name with control character", with("name", "a\u0007b"), 400, "name"},
		{"description 1001 characters", with("description", strings.Repeat("ü", 1001)), 400, "description"},
		{"description not a string", with("description", []string{"x"}), 400, "description"},
		{"scopes missing", without("scopes"), 400, "scopes"},
		{"scopes empty", with("scopes", []string{}), 400, "scopes"},
		{"scopes not an array", with("scopes", "fr:am:*"), 400, "scopes"},
		{"scope not a string", with("scopes", []any{"fr:am:*", 7}), 400, "scopes"},
		{"scope not in catalogue", with("scopes", []string{"fr:am:*", "fr:unknown:*"}), 400, "scopes"},
		{"restricted scope", with("scopes", []string{"fr:idc:federation:*"}), 400, "scopes"},
		{"accountStatus unknown", with("accountStatus", "disabled"), 400, "accountStatus"},
		{"accountStatus not a string", with("accountStatus", true), 400, "accountStatus"},
		{"jwks missing", without("jwks"), 400, "jwks"},
		{"jwks as an object, not a string", with("jwks", map[string]any{"keys": []any{jwk(key, nil)}}), 400, "jwks"},
		{"jwks not JSON", with("jwks", "not json"), 400, "jwks"},
		{"jwks without keys", with("jwks", `{"other":[]}`), 400, "jwks"},
		{"jwks with no key", with("jwks", `{"keys":[]}`), 400, "jwks"},
		{"jwks EC key", with("jwks", jwksString(map[string]any{"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"})), 400, "jwks"},
		{"jwks RSA key under 2048 bits", with("jwks", jwksString(jwk(small, nil))), 400, "jwks"},
		{"jwks alg other than RS256", with("jwks", jwksString(jwk(key, map[string]any{"alg": "RS512"}))), 400, "jwks"},
		{"jwks use enc", with("jwks", jwksString(jwk(key, map[string]any{"use": "enc"}))), 400, "jwks"},
		{"jwks duplicate kid", with("jwks", jwksString(jwk(key, map[string]any{"kid": "a"}), jwk(key, map[string]any{"kid": "a"}))), 400, "jwks"},
		{"jwks private key", with("jwks", jwksString(jwk(key, map[string]any{
			"d": b64(key.D), "p": b64(key.Primes[0]), "q": b64(key.Primes[1]),
			"dp": b64(key.Precomputed.Dp), "dq": b64(key.Precomputed.Dq), "qi": b64(key.Precomputed.Qinv),
		}))), 400, "jwks"},
		{"jwks private exponent only", with("jwks", jwksString(jwk(key, map[string]any{"d": b64(key.D)}))), 400, "jwks"},
		{"jwks symmetric k member", with("jwks", jwksString(jwk(key, map[string]any{"k": "c2VjcmV0"}))), 400, "jwks"},
		{"jwks bad modulus", with("jwks", jwksString(map[string]any{"kty": "RSA", "n": "!!", "e": "AQAB"})), 400, "jwks"},
		{"unknown member", with("colour", "blue"), 400, "colour"},
		{"server member changed", with("quotaLimit", "50"), 400, "quotaLimit"},
		{"_id not a UUID", with("_id", "my-account"), 400, "_id"},
		{"malformed JSON", `{"name":`, 400, ""},
		{"trailing data", `{"name":"x"} {}`, 400, ""},
		{"not an object", `["name"]`, 400, ""},
		{"empty body", ``, 400, ""},
		{"body over 64 KiB", with("description", strings.Repeat("x", 70<<10)), 413, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := f.Do(t, "POST", svcacctPath+"?_action=create", adminToken(t, f), c.body)
			wantStatus(t, res, c.status)
			obj := res.Object(t)
			if obj["code"] != float64(c.status) || obj["reason"] == "" || obj["message"] == "" {
				t.Errorf("not a CREST error: %s", res.Body)
			}
			if c.field != "" {
				detail, _ := obj["detail"].(map[string]any)
				if detail["field"] != c.field {
					t.Errorf("detail.field = %v, want %q (%s)", detail["field"], c.field, res.Body)
				}
			}
			if strings.Contains(c.name, "private") || strings.Contains(c.name, "symmetric") {
				if msg, _ := obj["message"].(string); !strings.Contains(msg, "public keys only") {
					t.Errorf("private key refusal message: %q", msg)
				}
			}
			if strings.Contains(string(res.Body), b64(key.D)[:16]) || strings.Contains(string(res.Body), b64(key.N)[:16]) {
				t.Errorf("the answer repeats key material: %s", res.Body)
			}
		})
	}
	res := f.Do(t, "GET", svcacctPath+"?_queryFilter=true", adminToken(t, f), nil)
	if got := res.Object(t)["resultCount"]; got != float64(0) {
		t.Errorf("refused bodies stored something: resultCount %v", got)
	}
	if logs := f.Logs(); strings.Contains(logs, b64(key.D)[:16]) || strings.Contains(logs, b64(key.Primes[0])[:16]) {
		t.Errorf("private key material reached the log")
	}
}

func mustKey(t testing.TB, bits int) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(randReader{}, bits)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestSvcAcctCreateAcceptsAndNormalises covers the accepted edges of point 5.
func TestSvcAcctCreateAcceptsAndNormalises(t *testing.T) {
	f := tenanttest.New(t)
	publicJWKS(t)
	key := testKey
	with := func(mut func(b map[string]any)) map[string]any {
		b := validBody(t, "ok")
		mut(b)
		return b
	}
	cases := []struct {
		name  string
		body  map[string]any
		check func(t *testing.T, obj map[string]any)
	}{
		{"name 255 characters of any script", with(func(b map[string]any) { b["name"] = strings.Repeat("名", 255) }),
			func(t *testing.T, obj map[string]any) {
				if obj["name"] != strings.Repeat("名", 255) {
					t.Errorf("name %v", obj["name"])
				}
			}},
		{"name trimmed", with(func(b map[string]any) { b["name"] = "\u00a0 Ünïcødé ✓ \n" }),
			func(t *testing.T, obj map[string]any) {
				if obj["name"] != "Ünïcødé ✓" {
					t.Errorf("name %q", obj["name"])
				}
			}},
		{"description null", with(func(b map[string]any) { b["description"] = nil }),
			func(t *testing.T, obj map[string]any) {
				if v, ok := obj["description"]; !ok || v != nil {
					t.Errorf("description %v (present %v)", v, ok)
				}
			}},
		{"description absent", with(func(b map[string]any) { delete(b, "description") }),
			func(t *testing.T, obj map[string]any) {
				if obj["description"] != nil {
					t.Errorf("description %v", obj["description"])
				}
			}},
		{"description 1000 characters", with(func(b map[string]any) { b["description"] = strings.Repeat("ü", 1000) }), nil},
		{"duplicate scopes collapse", with(func(b map[string]any) {
			b["scopes"] = []string{"fr:idm:*", "fr:am:*", "fr:idm:*", "fr:idc:esv:read", "fr:am:*"}
		}), func(t *testing.T, obj map[string]any) {
			if s, _ := json.Marshal(obj["scopes"]); string(s) != `["fr:idm:*","fr:am:*","fr:idc:esv:read"]` {
				t.Errorf("scopes %s", s)
			}
		}},
		{"accountStatus Inactive", with(func(b map[string]any) { b["accountStatus"] = "Inactive" }),
			func(t *testing.T, obj map[string]any) {
				if obj["accountStatus"] != "inactive" {
					t.Errorf("accountStatus %v", obj["accountStatus"])
				}
			}},
		{"accountStatus ACTIVE", with(func(b map[string]any) { b["accountStatus"] = "ACTIVE" }),
			func(t *testing.T, obj map[string]any) {
				if obj["accountStatus"] != "active" {
					t.Errorf("accountStatus %v", obj["accountStatus"])
				}
			}},
		{"accountStatus defaults to active", with(func(b map[string]any) { delete(b, "accountStatus") }),
			func(t *testing.T, obj map[string]any) {
				if obj["accountStatus"] != "active" {
					t.Errorf("accountStatus %v", obj["accountStatus"])
				}
			}},
		{"jwks key without kid or alg", with(func(b map[string]any) { b["jwks"] = jwksString(jwk(key, nil)) }), nil},
		{"jwks key with kid, alg RS256, use sig", with(func(b map[string]any) {
			b["jwks"] = jwksString(jwk(key, map[string]any{"kid": "k1", "alg": "RS256", "use": "sig"}))
		}), nil},
		{"server members sent back unchanged, _rev ignored", with(func(b map[string]any) {
			b["maxCachingTime"], b["maxIdleTime"], b["maxSessionTime"], b["quotaLimit"], b["_rev"] = "15", "15", "15", "5", "whatever"
		}), nil},
		{"client-chosen UUID _id", with(func(b map[string]any) { b["_id"] = "0a4c7a35-7a62-4d8e-9d3b-3d5f1b0c9e11" }),
			func(t *testing.T, obj map[string]any) {
				if obj["_id"] != "0a4c7a35-7a62-4d8e-9d3b-3d5f1b0c9e11" {
					t.Errorf("_id %v", obj["_id"])
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := f.Do(t, "POST", svcacctPath+"?_action=create", adminToken(t, f), c.body)
			wantStatus(t, res, 201)
			obj := res.Object(t)
			if c.check != nil {
				c.check(t, obj)
			}
			// What was answered is what was stored.
			again := f.Do(t, "GET", svcacctPath+"/"+obj["_id"].(string), adminToken(t, f), nil)
			wantStatus(t, again, 200)
			if string(mustJSON(again.Object(t))) != string(mustJSON(obj)) {
				t.Errorf("stored %s, answered %s", again.Body, res.Body)
			}
		})
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
