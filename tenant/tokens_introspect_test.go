package tenant

import (
	"crypto/ecdsa"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"

	"github.com/pingclone/aic-console/tenant/store"
)

func TestJWKURIVerifiesIssuedTokens(t *testing.T) {
	tn, clock := tkTenant(t)
	token, _ := tkScopedToken(t, tn, clock, "fr:idm:*")
	a := tkDo(t, tn.Handler(), "GET", "/am/oauth2/connect/jwk_uri", "", nil, "")
	var set jose.JSONWebKeySet
	if err := tkUnmarshal(a.Body, &set); err != nil || a.Status != 200 || len(set.Keys) != 1 {
		t.Fatalf("jwk_uri: %d %s", a.Status, a.Body)
	}
	k := set.Keys[0]
	if !k.IsPublic() || k.Algorithm != "ES256" || k.KeyID == "" || strings.Contains(a.Body, `"d"`) {
		t.Fatalf("published key: %s", a.Body)
	}
	parsed, err := jwt.Parse(token, func(tok *jwt.Token) (any, error) {
		if tok.Header["kid"] != k.KeyID {
			t.Errorf("token kid %v, published %s", tok.Header["kid"], k.KeyID)
		}
		return k.Key.(*ecdsa.PublicKey), nil
	}, jwt.WithValidMethods([]string{"ES256"}), jwt.WithTimeFunc(clock.Now))
	if err != nil || !parsed.Valid {
		t.Fatalf("issued token does not verify with the published key: %v", err)
	}
}

func TestIntrospection(t *testing.T) {
	tn, clock := tkTenant(t)
	admin := tkAdminToken(t, tn, "root", store.RoleTenantAdmin)
	auditor := tkAdminToken(t, tn, "support", store.RoleTenantAuditor)
	saToken, id := tkScopedToken(t, tn, clock, "fr:idm:*", "fr:idc:esv:*")
	introspect := func(caller, token string) tkAnswer {
		t.Helper()
		return tkDo(t, tn.Handler(), "POST", "/am/oauth2/introspect", caller,
			strings.NewReader(url.Values{"token": {token}}.Encode()), "application/x-www-form-urlencoded")
	}
	a := introspect(auditor, saToken)
	if a.Status != 200 || a.JSON["active"] != true || a.JSON["sub"] != id || a.JSON["client_id"] != "service-account" ||
		a.JSON["scope"] != "fr:idm:* fr:idc:esv:*" || a.JSON["exp"] == nil || a.JSON["token_type"] != "Bearer" {
		t.Fatalf("service account token: %d %s", a.Status, a.Body)
	}
	if a := introspect(admin, admin); a.JSON["active"] != true || a.JSON["username"] != "root" || a.JSON["client_id"] != "idmAdminClient" {
		t.Fatalf("admin token: %s", a.Body)
	}
	tkPutAccount(t, tn, id, "active", []string{"fr:idm:*"}, tkJWKS(t, nil, tkKey(t, 0)))
	if a := introspect(admin, saToken); a.JSON["scope"] != "fr:idm:*" {
		t.Fatalf("after scope removal: %s", a.Body)
	}
	tkDeleteAccount(t, tn, id)
	if a := introspect(admin, saToken); a.Status != 200 || a.Body != "{\"active\":false}\n" {
		t.Fatalf("deleted account's token: %d %q", a.Status, a.Body)
	}
	if a := introspect(admin, "garbage"); a.Body != "{\"active\":false}\n" {
		t.Fatalf("garbage: %q", a.Body)
	}
	if a := introspect("", saToken); a.Status != http.StatusUnauthorized {
		t.Fatalf("anonymous caller: %d %s", a.Status, a.Body)
	}
	other, _ := tkScopedToken(t, tn, clock, "fr:am:*")
	if a := introspect(other, other); a.Status != http.StatusForbidden {
		t.Fatalf("service account caller: %d %s", a.Status, a.Body)
	}
	if a := introspect(admin, ""); a.Status != 400 || a.JSON["error"] != "invalid_request" {
		t.Fatalf("no token: %d %s", a.Status, a.Body)
	}
}
