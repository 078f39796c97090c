package tenant

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/store"
)

const tkBaseURL = "https://tenant.example.com"

// tkClock is a settable clock for the tenant under test.
type tkClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *tkClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *tkClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func tkTenant(t testing.TB) (*Tenant, *tkClock) {
	t.Helper()
	clock := &tkClock{now: time.Now().UTC().Truncate(time.Second)}
	tn, err := New(context.Background(), Config{DataDir: t.TempDir(), BaseURL: tkBaseURL, Now: clock.Now,
		Logger: tkLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tn.Close() })
	return tn, clock
}

var (
	tkKeysOnce sync.Once
	tkKeys     []*rsa.PrivateKey
)

// tkKey returns one of a few RSA keys made once for the whole test binary.
func tkKey(t testing.TB, i int) *rsa.PrivateKey {
	t.Helper()
	tkKeysOnce.Do(func() {
		for range 3 {
			k, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				panic(err)
			}
			tkKeys = append(tkKeys, k)
		}
	})
	return tkKeys[i]
}

// tkJWKS renders the public halves of keys as the svcacct jwks string.
func tkJWKS(t testing.TB, kids []string, keys ...*rsa.PrivateKey) string {
	t.Helper()
	set := jose.JSONWebKeySet{}
	for i, k := range keys {
		jwk := jose.JSONWebKey{Key: &k.PublicKey, Algorithm: "RS256", Use: "sig"}
		if i < len(kids) {
			jwk.KeyID = kids[i]
		}
		set.Keys = append(set.Keys, jwk)
	}
	b, err := json.Marshal(set)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// tkPutAccount writes a service account straight into the store.
func tkPutAccount(t testing.TB, tn *Tenant, id, status string, scopeList []string, jwks string) {
	t.Helper()
	sc, _ := json.Marshal(scopeList)
	now := store.FormatTime(time.Now())
	_, err := tn.store.DB().Exec(`INSERT INTO svcaccts(id, rev, name, description, account_status, scopes, jwks, created_at, created_by, modified_at, modified_by)
		VALUES (?, ?, ?, NULL, ?, ?, ?, ?, 'test', ?, 'test')
		ON CONFLICT(id) DO UPDATE SET account_status = excluded.account_status, scopes = excluded.scopes, jwks = excluded.jwks, rev = excluded.rev`,
		id, uuid.NewString(), "sa-"+id[:8], status, string(sc), jwks, now, now)
	if err != nil {
		t.Fatal(err)
	}
	tn.store.NoteSvcAcctWrite() // a statement of our own, past the store's write functions
}

func tkDeleteAccount(t testing.TB, tn *Tenant, id string) {
	t.Helper()
	if _, err := tn.store.DB().Exec(`DELETE FROM svcaccts WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	tn.store.NoteSvcAcctWrite()
}

// tkClaims is a valid assertion payload for account id at now.
func tkClaims(id string, now time.Time) jwt.MapClaims {
	return jwt.MapClaims{
		"iss": id, "sub": id, "aud": tkBaseURL + "/am/oauth2/access_token",
		"exp": now.Add(899 * time.Second).Unix(), "jti": uuid.NewString(),
	}
}

func tkSign(t testing.TB, key *rsa.PrivateKey, kid string, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func tkForm(assertion, scope string) url.Values {
	f := url.Values{
		"client_id":  {"service-account"},
		"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"},
		"assertion":  {assertion},
	}
	if scope != "" {
		f.Set("scope", scope)
	}
	return f
}

type tkAnswer struct {
	Status int
	Header http.Header
	Body   string
	JSON   map[string]any
}

func tkDo(t testing.TB, h http.Handler, method, path, bearer string, body io.Reader, contentType string) tkAnswer {
	t.Helper()
	r := httptest.NewRequest(method, path, body)
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	if bearer != "" {
		r.Header.Set("Authorization", "Bearer "+bearer)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	a := tkAnswer{Status: w.Code, Header: w.Header(), Body: w.Body.String()}
	_ = json.Unmarshal(w.Body.Bytes(), &a.JSON)
	return a
}

func tkPostToken(t testing.TB, tn *Tenant, form url.Values) tkAnswer {
	t.Helper()
	return tkDo(t, tn.Handler(), http.MethodPost, "/am/oauth2/access_token", "", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
}

// tkGrant obtains a token for account id signed with key, failing the test otherwise.
func tkGrant(t testing.TB, tn *Tenant, clock *tkClock, id string, key *rsa.PrivateKey, scope string) string {
	t.Helper()
	a := tkPostToken(t, tn, tkForm(tkSign(t, key, "", tkClaims(id, clock.Now())), scope))
	if a.Status != http.StatusOK {
		t.Fatalf("token grant for %s: %d %s", id, a.Status, a.Body)
	}
	return a.JSON["access_token"].(string)
}

// tkAdminToken mints a token for a new administrator with role.
func tkAdminToken(t testing.TB, tn *Tenant, username, role string) string {
	t.Helper()
	if err := tn.store.AddAdmin(context.Background(), store.Admin{Username: username, Role: role, PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	tok, _, err := tn.signer.Mint(auth.KindAdmin, username, role, "openid fr:idm:*", time.Hour, tn.now())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func tkLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func tkUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
