package svcacct

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"strings"
	"sync"
	"testing"

	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/store"
)

var (
	keyOnce sync.Once
	key     *rsa.PrivateKey
)

func testKey(t *testing.T) *rsa.PrivateKey {
	keyOnce.Do(func() {
		var err error
		if key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			t.Fatal(err)
		}
	})
	return key
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func publicJWK(k *rsa.PrivateKey) map[string]any {
	return map[string]any{"kty": "RSA", "n": b64(k.N.Bytes()), "e": b64(big.NewInt(int64(k.E)).Bytes())}
}

func set(members map[string]any) string {
	b, _ := json.Marshal(members)
	return string(b)
}

func doc(t *testing.T, jwks any) map[string]any {
	return map[string]any{"name": "x", "scopes": []any{"fr:am:*"}, "jwks": jwks}
}

func TestValidateJWKS(t *testing.T) {
	k := testKey(t)
	with := func(extra map[string]any) map[string]any {
		m := publicJWK(k)
		for n, v := range extra {
			m[n] = v
		}
		return m
	}
	many := make([]any, MaxKeys+1)
	for i := range many {
		many[i] = publicJWK(k)
	}
	evenE := publicJWK(k)
	evenE["e"] = b64([]byte{0x01, 0x00, 0x00})
	ok := []string{
		set(map[string]any{"keys": []any{publicJWK(k)}}),
		set(map[string]any{"keys": []any{with(map[string]any{"kid": "a", "alg": "RS256", "use": "sig", "ext": true, "key_ops": []string{"verify"}})}}),
		set(map[string]any{"keys": []any{with(map[string]any{"kid": "a"}), with(map[string]any{"kid": "b"})}}),
	}
	for _, s := range ok {
		if _, err := Validate(doc(t, s)); err != nil {
			t.Errorf("refused %s: %v", s, err)
		}
	}
	bad := map[string]string{
		"private member at the set level": set(map[string]any{"keys": []any{publicJWK(k)}, "d": "AQAB"}),
		"oth member":                      set(map[string]any{"keys": []any{with(map[string]any{"oth": []any{}})}}),
		"too many keys":                   set(map[string]any{"keys": many}),
		"kid not a string":                set(map[string]any{"keys": []any{with(map[string]any{"kid": 5})}}),
		"even exponent":                   set(map[string]any{"keys": []any{evenE}}),
		"keys not an array":               set(map[string]any{"keys": "x"}),
		"key not an object":               set(map[string]any{"keys": []any{"x"}}),
		"keys null":                       `{"keys":null}`,
		"set is an array":                 `[{"kty":"RSA"}]`,
		"trailing data":                   set(map[string]any{"keys": []any{publicJWK(k)}}) + " {}",
		"kty missing":                     set(map[string]any{"keys": []any{map[string]any{"n": "AQAB", "e": "AQAB"}}}),
	}
	for name, s := range bad {
		_, err := Validate(doc(t, s))
		ce, isCrest := err.(*crest.Error)
		if !isCrest || ce.Code != 400 || ce.Detail["field"] != "jwks" {
			t.Errorf("%s: %v, want a 400 on jwks", name, err)
			continue
		}
		if strings.Contains(ce.Message, b64(k.N.Bytes())[:12]) {
			t.Errorf("%s: message repeats the key: %s", name, ce.Message)
		}
	}
}

func TestValidateMembersAndObjectRoundTrip(t *testing.T) {
	k := testKey(t)
	jwks := set(map[string]any{"keys": []any{publicJWK(k)}})
	d := "text"
	a := store.SvcAcct{ID: "id-1", Rev: "r", Name: "n", Description: &d, AccountStatus: "inactive", Scopes: []string{"fr:am:*"}, JWKS: jwks}
	obj := Object(a)
	spec, err := Validate(obj)
	if err != nil {
		t.Fatalf("an object as answered must validate as a body: %v", err)
	}
	if got := spec.Apply(store.SvcAcct{ID: "id-1", Rev: "r"}); got.Name != a.Name || *got.Description != d || got.AccountStatus != a.AccountStatus ||
		got.JWKS != jwks || len(got.Scopes) != 1 {
		t.Errorf("round trip %+v", got)
	}
	obj["maxIdleTime"] = "30"
	if _, err := Validate(obj); err == nil || err.(*crest.Error).Detail["field"] != "maxIdleTime" {
		t.Errorf("a changed server member: %v", err)
	}
	delete(obj, "maxIdleTime")
	obj["Name"] = "case matters"
	if _, err := Validate(obj); err == nil || err.(*crest.Error).Detail["field"] != "Name" {
		t.Errorf("unknown member: %v", err)
	}
}
