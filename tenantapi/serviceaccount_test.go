package tenantapi_test

import (
	"crypto/rsa"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/pingclone/aic-console/tenant/tenanttest"
	"github.com/pingclone/aic-console/tenantapi"
)

func privateJWK(t *testing.T, key *rsa.PrivateKey, kid string) []byte {
	t.Helper()
	b, err := json.Marshal(jose.JSONWebKey{Key: key, KeyID: kid, Algorithm: "RS256", Use: "sig"})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRequestServiceAccountToken(t *testing.T) {
	f := tenanttest.New(t)
	acct, priv := f.NewServiceAccount(t, "ci", "fr:idm:*", "fr:idc:esv:read")
	key, err := tenantapi.ParseServiceAccountKey(privateJWK(t, priv, ""))
	if err != nil {
		t.Fatal(err)
	}
	tok, body, err := tenantapi.RequestServiceAccountToken(t.Context(), f.Server.Client(), f.BaseURL, acct.ID, key, "fr:idc:esv:read")
	if err != nil || tok.Scope != "fr:idc:esv:read" || tok.ExpiresIn != 899 || len(body) == 0 {
		t.Fatalf("token: %+v %s %v", tok, body, err)
	}
	if res := f.Do(t, "GET", "/environment/variables", tok.AccessToken, nil); res.Status != http.StatusOK {
		t.Fatalf("using the token: %s", res)
	}
	_, _, err = tenantapi.RequestServiceAccountToken(t.Context(), f.Server.Client(), f.BaseURL, acct.ID, key, "fr:iga:*")
	var oe *tenantapi.OAuthError
	if !errors.As(err, &oe) || oe.Code != "invalid_scope" || oe.Description != "Unsupported scope for service account: fr:iga:*" {
		t.Fatalf("unsupported scope: %v", err)
	}
	other := tenanttest.NewRSAKey(t)
	_, _, err = tenantapi.RequestServiceAccountToken(t.Context(), f.Server.Client(), f.BaseURL, acct.ID, tenantapi.ServiceAccountKey{Key: other}, "")
	if !errors.As(err, &oe) || oe.Code != "invalid_grant" {
		t.Fatalf("wrong key: %v", err)
	}
}

func TestParseServiceAccountKey(t *testing.T) {
	priv := tenanttest.NewRSAKey(t)
	pub, _ := json.Marshal(jose.JSONWebKey{Key: &priv.PublicKey})
	set, _ := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: priv, KeyID: "k1"}}})
	if k, err := tenantapi.ParseServiceAccountKey(set); err != nil || k.KID != "k1" {
		t.Fatalf("set: %+v %v", k, err)
	}
	if _, err := tenantapi.ParseServiceAccountKey(pub); !errors.Is(err, tenantapi.ErrPublicKeyOnly) {
		t.Fatalf("public only: %v", err)
	}
	for _, bad := range []string{"", "not json", `{"kty":"RSA"}`, `{"keys":"x"}`} {
		if _, err := tenantapi.ParseServiceAccountKey([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
