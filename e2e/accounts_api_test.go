//go:build e2e

package e2e

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"testing"

	"github.com/pingclone/aic-console/keys"
	"github.com/pingclone/aic-console/tenantapi"
)

// api is the project's Go client of the tenant API, as scripts would use it.
func api() *tenantapi.Client { return tenantapi.New(suite.baseURL, apiClient) }

// newRSAKey makes a key pair the test holds itself, for accounts made through
// the API rather than the console.
func newRSAKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	must(t, err, "generate an RSA key")
	return k
}

// createThroughAPI creates an account as a tenant administrator's script
// would, with the public half of key.
func createThroughAPI(t *testing.T, name string, scopes []string, key *rsa.PrivateKey) tenantapi.ServiceAccount {
	t.Helper()
	jwks, err := keys.PublicJWKS(key)
	must(t, err, "public JWKS")
	acct, err := api().CreateServiceAccount(context.Background(), adminToken(t, admin), tenantapi.NewServiceAccount{
		Name: name, AccountStatus: "active", Scopes: scopes, JWKS: jwks,
	})
	must(t, err, "create %s through the API", name)
	return acct
}

func readThroughAPI(t *testing.T, id string) tenantapi.ServiceAccount {
	t.Helper()
	acct, err := api().GetServiceAccount(context.Background(), adminToken(t, admin), id)
	must(t, err, "read %s through the API", id)
	return acct
}

// countAccounts is how many accounts the tenant holds.
func countAccounts(t *testing.T) int {
	t.Helper()
	p, err := api().QueryServiceAccounts(context.Background(), adminToken(t, admin), tenantapi.Query{PageSize: 1, Exact: true, Fields: []string{"_id"}})
	must(t, err, "count accounts")
	return p.TotalPagedResults
}

// accountsNamed lists the accounts whose name is exactly name.
func accountsNamed(t *testing.T, name string) []tenantapi.ServiceAccount {
	t.Helper()
	p, err := api().QueryServiceAccounts(context.Background(), adminToken(t, admin), tenantapi.Query{Filter: "name eq " + tenantapi.QuoteFilterValue(name)})
	must(t, err, "query accounts named %q", name)
	return p.Result
}

// svcToken asks the tenant for a service account token with a fresh
// assertion signed by key (RFC 7523), as `console token` and real clients do.
func svcToken(id string, key *rsa.PrivateKey, scope string) (tenantapi.ServiceAccountToken, error) {
	tok, _, err := tenantapi.RequestServiceAccountToken(context.Background(), apiClient, suite.baseURL, id,
		tenantapi.ServiceAccountKey{Key: key}, scope)
	return tok, err
}

func mustToken(t *testing.T, id string, key *rsa.PrivateKey, scope string) string {
	t.Helper()
	tok, err := svcToken(id, key, scope)
	must(t, err, "token for %s with scope %q", id, scope)
	return tok.AccessToken
}

// tokenRefused checks the token endpoint refuses key for id, with code when
// code is set, and returns the refusal.
func tokenRefused(t *testing.T, id string, key *rsa.PrivateKey, scope, code string) *tenantapi.OAuthError {
	t.Helper()
	_, err := svcToken(id, key, scope)
	var oe *tenantapi.OAuthError
	if !errors.As(err, &oe) {
		t.Fatalf("token for %s with scope %q: got %v, want an OAuth refusal", id, scope, err)
	}
	if code != "" && oe.Code != code {
		t.Fatalf("token for %s with scope %q refused with %q (%s), want %q", id, scope, oe.Code, oe.Description, code)
	}
	return oe
}

// wantStatus calls path with token and checks the status.
func wantStatus(t *testing.T, method, path, token string, want int) {
	t.Helper()
	got, body := apiStatus(t, method, path, token, nil)
	if got != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, got, want, body)
	}
}

const alphaUsers = "/openidm/managed/alpha_user?_queryFilter=true"

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
