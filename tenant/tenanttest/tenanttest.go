// Package tenanttest runs a real tenant for tests: a tenant.New on a
// temporary data folder behind an httptest server, with helpers that mint
// access tokens directly with the tenant's signer (no sign-in needed) and
// create service accounts with fresh RSA keys.
//
//	f := tenanttest.New(t)
//	res := f.Do(t, "GET", "/openidm/managed/svcacct?_queryFilter=true", f.AdminToken(store.RoleTenantAdmin), nil)
//
// Tokens are ordinary bearer tokens: administrators' ones are checked against
// the administrators table (AdminToken creates the user), service accounts'
// ones against the live service account record (create it first, e.g. with
// NewServiceAccount). Reopen restarts the tenant on the same data folder.
// Tests that use it live in an external test package (package tenant_test),
// since package tenant cannot import this one.
package tenanttest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/pingclone/aic-console/tenant"
	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/store"
)

// AdminPassword is the password of every administrator AdminToken creates.
const AdminPassword = "correct-horse-battery"

// TokenTTL is the lifetime of minted tokens.
const TokenTTL = time.Hour

// Fixture is a running tenant and its HTTP server.
type Fixture struct {
	Dir    string // the data folder
	Tenant *tenant.Tenant
	Server *httptest.Server
	// BaseURL is the server's address, also the tenant's configured base URL.
	BaseURL string

	mu     sync.Mutex
	admins map[string]bool
	logs   lockedBuffer
}

// Logs returns everything the tenant has logged so far (text format), so
// tests can check that secrets never reach the log.
func (f *Fixture) Logs() string { return f.logs.String() }

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// New starts a tenant on a fresh t.TempDir(); it is stopped when the test ends.
func New(t testing.TB) *Fixture {
	t.Helper()
	f := &Fixture{Dir: t.TempDir(), admins: map[string]bool{}}
	f.start(t, "")
	t.Cleanup(func() {
		f.stop()
		if t.Failed() {
			t.Logf("tenant log:\n%s", f.Logs())
		}
	})
	return f
}

func (f *Fixture) start(t testing.TB, addr string) {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	if addr != "" {
		// Same address as before, so the base URL (the tokens' issuer) stays.
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Fatalf("listen again on %s: %v", addr, err)
		}
		srv.Listener.Close()
		srv.Listener = ln
	}
	base := "http://" + srv.Listener.Addr().String()
	tn, err := tenant.New(context.Background(), tenant.Config{DataDir: f.Dir, BaseURL: base,
		Logger: slog.New(slog.NewTextHandler(&f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		srv.Close()
		t.Fatalf("start tenant: %v", err)
	}
	srv.Config.Handler = tn.Handler()
	srv.Start()
	f.Tenant, f.Server, f.BaseURL = tn, srv, base
}

func (f *Fixture) stop() {
	if f.Server != nil {
		f.Server.Close()
		f.Server = nil
	}
	if f.Tenant != nil {
		_ = f.Tenant.Close()
		f.Tenant = nil
	}
}

// Reopen stops the tenant and starts a new one on the same data folder and
// address (a restart); tokens minted before stay valid.
func (f *Fixture) Reopen(t testing.TB) {
	t.Helper()
	addr := strings.TrimPrefix(f.BaseURL, "http://")
	f.stop()
	f.start(t, addr)
}

// AdminUsername is the user name AdminToken uses for role.
func AdminUsername(role string) string { return "test-" + role }

// AdminToken returns a bearer token of an administrator holding role
// (store.RoleTenantAdmin or store.RoleTenantAuditor), creating the
// administrator AdminUsername(role) with AdminPassword on first use.
func (f *Fixture) AdminToken(t testing.TB, role string) string {
	t.Helper()
	name := AdminUsername(role)
	f.EnsureAdmin(t, name, role)
	tok, _, err := f.Tenant.Signer().Mint(auth.KindAdmin, name, role, "openid fr:idm:* fr:idc:esv:*", TokenTTL, time.Now())
	if err != nil {
		t.Fatalf("mint admin token: %v", err)
	}
	return tok
}

// EnsureAdmin creates administrator name with role and AdminPassword, once.
func (f *Fixture) EnsureAdmin(t testing.TB, name, role string) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.admins[name] {
		return
	}
	hash, err := auth.HashPassword(AdminPassword)
	if err != nil {
		t.Fatalf("hash password: %v", err)
	}
	err = f.Tenant.Store().AddAdmin(context.Background(), store.Admin{Username: name, Role: role, PasswordHash: hash})
	if err != nil && !errors.Is(err, store.ErrExists) {
		t.Fatalf("add admin %s: %v", name, err)
	}
	f.admins[name] = true
}

// ServiceAccountToken returns a bearer token of service account id granted
// scopes. The account must exist (and be active) when the token is used.
func (f *Fixture) ServiceAccountToken(t testing.TB, id string, scopes ...string) string {
	t.Helper()
	tok, _, err := f.Tenant.Signer().Mint(auth.KindServiceAccount, id, "", strings.Join(scopes, " "), TokenTTL, time.Now())
	if err != nil {
		t.Fatalf("mint service account token: %v", err)
	}
	return tok
}

// NewRSAKey generates a 2048-bit RSA key.
func NewRSAKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatalf("generate RSA key: %v", err)
	}
	return k
}

// PublicJWKS is the jwks string of a service account holding key's public half.
func PublicJWKS(t testing.TB, key *rsa.PrivateKey, kid string) string {
	t.Helper()
	b, err := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: kid, Algorithm: "RS256", Use: "sig"}}})
	if err != nil {
		t.Fatalf("marshal JWKS: %v", err)
	}
	return string(b)
}

var (
	sharedKeyOnce sync.Once
	sharedKey     *rsa.PrivateKey
	sharedKeyErr  error
)

// SharedRSAKey is one 2048-bit RSA key made once per test binary (key
// generation is slow, more so under -race).
func SharedRSAKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	sharedKeyOnce.Do(func() { sharedKey, sharedKeyErr = rsa.GenerateKey(rand.Reader, 2048) })
	if sharedKeyErr != nil {
		t.Fatalf("generate RSA key: %v", sharedKeyErr)
	}
	return sharedKey
}

// NewServiceAccount stores an active service account (straight into the
// store, recorded as created by "tenanttest") holding SharedRSAKey, and
// returns it with the private key. Use NewServiceAccountWithKey when
// accounts must hold different keys.
func (f *Fixture) NewServiceAccount(t testing.TB, name string, scopes ...string) (store.SvcAcct, *rsa.PrivateKey) {
	t.Helper()
	return f.NewServiceAccountWithKey(t, SharedRSAKey(t), name, scopes...)
}

// NewServiceAccountWithKey is NewServiceAccount holding key's public half.
func (f *Fixture) NewServiceAccountWithKey(t testing.TB, key *rsa.PrivateKey, name string, scopes ...string) (store.SvcAcct, *rsa.PrivateKey) {
	t.Helper()
	a, err := f.Tenant.Store().CreateSvcAcct(context.Background(), "tenanttest", store.SvcAcct{
		Name: name, AccountStatus: "active", Scopes: scopes, JWKS: PublicJWKS(t, key, ""),
	})
	if err != nil {
		t.Fatalf("create service account: %v", err)
	}
	return a, key
}

// Response is a finished HTTP exchange.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test when it is not JSON.
func (r Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("response (%d) is not JSON: %v\n%s", r.Status, err, r.Body)
	}
}

// Object decodes the body as a JSON object.
func (r Response) Object(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	r.JSON(t, &m)
	return m
}

// Do sends a request to the tenant with an optional bearer token and body
// (a string or []byte is sent as is, anything else as JSON) and extra header
// pairs ("If-Match", `"rev"`, ...).
func (f *Fixture) Do(t testing.TB, method, path, token string, body any, header ...string) Response {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = strings.NewReader(string(b))
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatalf("marshal body: %v", err)
		}
		rd = strings.NewReader(string(j))
	}
	req, err := http.NewRequest(method, f.BaseURL+path, rd)
	if err != nil {
		t.Fatalf("new request: %v", err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if len(header)%2 != 0 {
		t.Fatalf("header pairs: odd count %d", len(header))
	}
	for i := 0; i < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := f.Server.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// String renders the response for failure messages.
func (r Response) String() string { return fmt.Sprintf("%d %s", r.Status, r.Body) }
