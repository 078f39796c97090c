package tenant

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// grantFixture is a tenant with accounts in every state the grant must judge.
type grantFixture struct {
	tn                             *Tenant
	clock                          *tkClock
	active, inactive, deleted, rgn string
}

func newGrantFixture(t *testing.T) grantFixture {
	f := grantFixture{active: uuid.NewString(), inactive: uuid.NewString(), deleted: uuid.NewString(), rgn: uuid.NewString()}
	f.tn, f.clock = tkTenant(t)
	sc := []string{"fr:idm:*", "fr:idc:esv:*"}
	tkPutAccount(t, f.tn, f.active, "active", sc, tkJWKS(t, []string{"k0"}, tkKey(t, 0)))
	tkPutAccount(t, f.tn, f.inactive, "inactive", sc, tkJWKS(t, nil, tkKey(t, 0)))
	tkPutAccount(t, f.tn, f.deleted, "active", sc, tkJWKS(t, nil, tkKey(t, 0)))
	tkDeleteAccount(t, f.tn, f.deleted)
	// Regenerated: the key was key 1, now it is key 2.
	tkPutAccount(t, f.tn, f.rgn, "active", sc, tkJWKS(t, nil, tkKey(t, 1)))
	tkPutAccount(t, f.tn, f.rgn, "active", sc, tkJWKS(t, nil, tkKey(t, 2)))
	return f
}

func b64(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

func TestJWTBearerGrantSuccess(t *testing.T) {
	f := newGrantFixture(t)
	now := f.clock.Now()
	cases := []struct {
		name, scope, want string
		claims            func(c jwt.MapClaims)
		kid               string
	}{
		{name: "all scopes when none asked", want: "fr:idm:* fr:idc:esv:*"},
		{name: "child of held parent", scope: "fr:idc:esv:read", want: "fr:idc:esv:read"},
		{name: "duplicates folded", scope: "fr:idm:*  fr:idm:* fr:idc:esv:update", want: "fr:idm:* fr:idc:esv:update"},
		{name: "aud with default port", claims: func(c jwt.MapClaims) { c["aud"] = "https://TENANT.example.com:443/am/oauth2/access_token" }, want: "fr:idm:* fr:idc:esv:*"},
		{name: "aud as array", claims: func(c jwt.MapClaims) { c["aud"] = []string{"other", tkBaseURL + "/am/oauth2/access_token"} }, want: "fr:idm:* fr:idc:esv:*"},
		{name: "matching kid", kid: "k0", want: "fr:idm:* fr:idc:esv:*"},
		{name: "nbf and iat in the past", claims: func(c jwt.MapClaims) { c["nbf"], c["iat"] = now.Add(-time.Minute).Unix(), now.Unix() }, want: "fr:idm:* fr:idc:esv:*"},
		{name: "iat within skew ahead", claims: func(c jwt.MapClaims) { c["iat"] = now.Add(20 * time.Second).Unix() }, want: "fr:idm:* fr:idc:esv:*"},
		{name: "exp 900s plus skew", claims: func(c jwt.MapClaims) { c["exp"] = now.Add(929 * time.Second).Unix() }, want: "fr:idm:* fr:idc:esv:*"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := tkClaims(f.active, now)
			if tc.claims != nil {
				tc.claims(c)
			}
			a := tkPostToken(t, f.tn, tkForm(tkSign(t, tkKey(t, 0), tc.kid, c), tc.scope))
			if a.Status != http.StatusOK {
				t.Fatalf("status %d: %s", a.Status, a.Body)
			}
			if a.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control = %q", a.Header.Get("Cache-Control"))
			}
			if a.JSON["scope"] != tc.want || a.JSON["token_type"] != "Bearer" || a.JSON["expires_in"] != float64(899) {
				t.Errorf("answer %s", a.Body)
			}
			if tok, _ := a.JSON["access_token"].(string); tok == "" {
				t.Errorf("no access_token in %s", a.Body)
			}
		})
	}
}

func TestJWTBearerGrantRefusesHostileAssertions(t *testing.T) {
	f := newGrantFixture(t)
	now := f.clock.Now()
	good := func() jwt.MapClaims { return tkClaims(f.active, now) }
	signed := func(c jwt.MapClaims) string { return tkSign(t, tkKey(t, 0), "", c) }
	without := func(claim string) string { c := good(); delete(c, claim); return signed(c) }
	with := func(claim string, v any) string { c := good(); c[claim] = v; return signed(c) }
	pub, _ := x509.MarshalPKIXPublicKey(&tkKey(t, 0).PublicKey)

	replayed := signed(good())
	if a := tkPostToken(t, f.tn, tkForm(replayed, "")); a.Status != http.StatusOK {
		t.Fatalf("first use of the assertion: %d %s", a.Status, a.Body)
	}

	cases := []struct {
		name     string
		form     url.Values
		status   int
		errCode  string
		descPart string
	}{
		{"alg none", tkForm(b64(map[string]any{"alg": "none", "typ": "JWT"})+"."+b64(good())+".", ""), 400, "invalid_grant", "RS256"},
		{"alg none signed string", tkForm(func() string {
			s, _ := jwt.NewWithClaims(jwt.SigningMethodNone, good()).SignedString(jwt.UnsafeAllowNoneSignatureType)
			return s
		}(), ""), 400, "invalid_grant", "RS256"},
		{"HS256 with the public key as secret", tkForm(func() string {
			s, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, good()).SignedString(pub)
			return s
		}(), ""), 400, "invalid_grant", "RS256"},
		{"PS256", tkForm(func() string {
			s, _ := jwt.NewWithClaims(jwt.SigningMethodPS256, good()).SignedString(tkKey(t, 0))
			return s
		}(), ""), 400, "invalid_grant", "RS256"},
		{"RS256 with another key", tkForm(tkSign(t, tkKey(t, 1), "", good()), ""), 400, "invalid_grant", "signature"},
		{"unknown kid", tkForm(tkSign(t, tkKey(t, 0), "other", good()), ""), 400, "invalid_grant", "kid"},
		{"tampered payload", tkForm(func() string {
			parts := strings.Split(signed(good()), ".")
			c := good()
			c["sub"], c["iss"] = f.active, f.active
			c["scope"] = "fr:idc:federation:*"
			return parts[0] + "." + b64(c) + "." + parts[2]
		}(), ""), 400, "invalid_grant", "signature"},
		{"expired", tkForm(with("exp", now.Add(-31*time.Second).Unix()), ""), 400, "invalid_grant", "expired"},
		{"exp too far ahead", tkForm(with("exp", now.Add(931*time.Second).Unix()), ""), 400, "invalid_grant", "900"},
		{"nbf in the future", tkForm(with("nbf", now.Add(time.Minute).Unix()), ""), 400, "invalid_grant", "nbf"},
		{"iat in the future", tkForm(with("iat", now.Add(time.Minute).Unix()), ""), 400, "invalid_grant", "iat"},
		{"exp not a number", tkForm(with("exp", "tomorrow"), ""), 400, "invalid_grant", "well-formed"},
		{"missing exp", tkForm(without("exp"), ""), 400, "invalid_grant", "exp"},
		{"missing jti", tkForm(without("jti"), ""), 400, "invalid_grant", "jti"},
		{"missing iss", tkForm(without("iss"), ""), 400, "invalid_grant", "iss"},
		{"missing sub", tkForm(without("sub"), ""), 400, "invalid_grant", "sub"},
		{"missing aud", tkForm(without("aud"), ""), 400, "invalid_grant", "aud"},
		{"iss differs from sub", tkForm(with("sub", f.inactive), ""), 400, "invalid_grant", "iss and sub"},
		{"unknown account", tkForm(func() string { id := uuid.NewString(); c := good(); c["iss"], c["sub"] = id, id; return signed(c) }(), ""), 400, "invalid_grant", "does not exist"},
		{"inactive account", tkForm(signed(tkClaims(f.inactive, now)), ""), 400, "invalid_grant", "inactive"},
		{"deleted account", tkForm(signed(tkClaims(f.deleted, now)), ""), 400, "invalid_grant", "does not exist"},
		{"old key after regenerate", tkForm(tkSign(t, tkKey(t, 1), "", tkClaims(f.rgn, now)), ""), 400, "invalid_grant", "signature"},
		{"replayed jti", tkForm(replayed, ""), 400, "invalid_grant", "already been used"},
		{"wrong aud", tkForm(with("aud", "https://other.example.com/am/oauth2/access_token"), ""), 400, "invalid_grant", "aud"},
		{"aud with wrong port", tkForm(with("aud", "https://tenant.example.com:8443/am/oauth2/access_token"), ""), 400, "invalid_grant", "aud"},
		{"aud with query", tkForm(with("aud", tkBaseURL+"/am/oauth2/access_token?x=1"), ""), 400, "invalid_grant", "aud"},
		{"wrong client_id", func() url.Values { v := tkForm(signed(good()), ""); v.Set("client_id", "idmAdminClient"); return v }(), 401, "invalid_client", ""},
		{"missing client_id", func() url.Values { v := tkForm(signed(good()), ""); v.Del("client_id"); return v }(), 401, "invalid_client", ""},
		{"wrong grant_type", func() url.Values {
			v := tkForm(signed(good()), "")
			v.Set("grant_type", "client_credentials")
			return v
		}(), 400, "unsupported_grant_type", ""},
		{"missing grant_type", func() url.Values { v := tkForm(signed(good()), ""); v.Del("grant_type"); return v }(), 400, "invalid_request", "grant_type"},
		{"missing assertion", func() url.Values { v := tkForm("", ""); return v }(), 400, "invalid_request", "assertion"},
		{"repeated assertion", func() url.Values { v := tkForm(signed(good()), ""); v.Add("assertion", "x"); return v }(), 400, "invalid_request", "repeated"},
		{"unsupported scopes", tkForm(signed(good()), "fr:idm:* fr:iga:* fr:autoaccess:*"), 400, "invalid_scope", "Unsupported scope for service account: fr:iga:*,fr:autoaccess:*"},
		{"restricted scope", tkForm(signed(good()), "fr:idc:federation:*"), 400, "invalid_scope", "Unsupported scope for service account: fr:idc:federation:*"},
		{"child does not cover parent", tkForm(signed(good()), "fr:idc:esv:read fr:am:*"), 400, "invalid_scope", "Unsupported scope for service account: fr:am:*"},
		{"scope with control characters", tkForm(signed(good()), "fr:idm:*\x01"), 400, "invalid_scope", "characters"},
		{"oversized assertion", tkForm(with("pad", strings.Repeat("x", 17<<10)), ""), 400, "invalid_grant", "larger"},
		{"garbage", tkForm("not a jwt at all", ""), 400, "invalid_grant", "JWT"},
		{"garbage three parts", tkForm("a.b.c", ""), 400, "invalid_grant", "header"},
		{"header not JSON", tkForm(base64.RawURLEncoding.EncodeToString([]byte("{"))+".e30.sig", ""), 400, "invalid_grant", "header"},
		{"payload not JSON", tkForm(b64(map[string]string{"alg": "RS256"})+".bm90anNvbg.c2ln", ""), 400, "invalid_grant", "well-formed"},
		{"crit header", tkForm(func() string {
			tok := jwt.NewWithClaims(jwt.SigningMethodRS256, good())
			tok.Header["crit"] = []string{"exp"}
			s, _ := tok.SignedString(tkKey(t, 0))
			return s
		}(), ""), 400, "invalid_grant", "critical"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := tkPostToken(t, f.tn, tc.form)
			if a.Status != tc.status || a.JSON["error"] != tc.errCode {
				t.Fatalf("got %d %s, want %d %s", a.Status, a.Body, tc.status, tc.errCode)
			}
			desc, _ := a.JSON["error_description"].(string)
			if !strings.Contains(desc, tc.descPart) {
				t.Errorf("error_description %q does not mention %q", desc, tc.descPart)
			}
			if strings.Contains(desc, `"n"`) || strings.Contains(desc, "AQAB") {
				t.Errorf("error_description leaks key material: %q", desc)
			}
			if a.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control = %q", a.Header.Get("Cache-Control"))
			}
		})
	}
}

// A client told invalid_scope retries the same assertion without the
// unsupported scopes; the refusal must not have used up its jti.
func TestJWTBearerRetryAfterInvalidScope(t *testing.T) {
	f := newGrantFixture(t)
	assertion := tkSign(t, tkKey(t, 0), "", tkClaims(f.active, f.clock.Now()))
	if a := tkPostToken(t, f.tn, tkForm(assertion, "fr:idm:* fr:iga:*")); a.JSON["error"] != "invalid_scope" {
		t.Fatalf("first: %s", a.Body)
	}
	if a := tkPostToken(t, f.tn, tkForm(assertion, "fr:idm:*")); a.Status != 200 {
		t.Fatalf("retry: %s", a.Body)
	}
	if a := tkPostToken(t, f.tn, tkForm(assertion, "fr:idm:*")); a.JSON["error"] != "invalid_grant" {
		t.Fatalf("replay: %s", a.Body)
	}
}

// The jti stays used across a restart of the tenant on the same data folder.
func TestJWTBearerReplayRefusedAfterRestart(t *testing.T) {
	dir := t.TempDir()
	clock := &tkClock{now: time.Now().UTC().Truncate(time.Second)}
	open := func() *Tenant {
		tn, err := New(t.Context(), Config{DataDir: dir, BaseURL: tkBaseURL, Now: clock.Now, Logger: tkLogger()})
		if err != nil {
			t.Fatal(err)
		}
		return tn
	}
	tn := open()
	id := uuid.NewString()
	tkPutAccount(t, tn, id, "active", []string{"fr:idm:*"}, tkJWKS(t, nil, tkKey(t, 0)))
	assertion := tkSign(t, tkKey(t, 0), "", tkClaims(id, clock.Now()))
	if a := tkPostToken(t, tn, tkForm(assertion, "")); a.Status != 200 {
		t.Fatalf("first: %s", a.Body)
	}
	tn.Close()
	tn = open()
	defer tn.Close()
	if a := tkPostToken(t, tn, tkForm(assertion, "")); a.JSON["error"] != "invalid_grant" {
		t.Fatalf("replay after restart: %s", a.Body)
	}
}

// The same assertion sent by many clients at once is granted exactly once,
// however the concurrent jtis are grouped into commits.
func TestJWTBearerConcurrentReplay(t *testing.T) {
	f := newGrantFixture(t)
	now := f.clock.Now()
	same := tkSign(t, tkKey(t, 0), "", tkClaims(f.active, now))
	distinct := make([]string, 8)
	for i := range distinct {
		distinct[i] = tkSign(t, tkKey(t, 0), "", tkClaims(f.active, now))
	}
	var wg sync.WaitGroup
	var sameOK, distinctOK atomic.Int32
	for i := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assertion, counter := same, &sameOK
			if i < len(distinct) {
				assertion, counter = distinct[i], &distinctOK
			}
			a := tkPostToken(t, f.tn, tkForm(assertion, ""))
			switch {
			case a.Status == 200:
				counter.Add(1)
			case a.JSON["error"] != "invalid_grant":
				t.Errorf("unexpected answer %d %s", a.Status, a.Body)
			}
		}()
	}
	wg.Wait()
	if sameOK.Load() != 1 || distinctOK.Load() != int32(len(distinct)) {
		t.Fatalf("granted the shared assertion %d times (want 1) and %d distinct ones (want %d)", sameOK.Load(), distinctOK.Load(), len(distinct))
	}
}
