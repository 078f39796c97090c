package tenant_test

import (
	"crypto/rand"
	"crypto/rsa"
	"sync"
	"testing"

	"github.com/pingclone/aic-console/tenant/store"
	"github.com/pingclone/aic-console/tenant/tenanttest"
)

const svcacctPath = "/openidm/managed/svcacct"

var (
	keyOnce sync.Once
	testKey *rsa.PrivateKey
)

// publicJWKS is the jwks string of one shared test key (generated once).
func publicJWKS(t testing.TB) string {
	keyOnce.Do(func() { testKey = tenanttest.SharedRSAKey(t) })
	return tenanttest.PublicJWKS(t, testKey, "")
}

// validBody is a create body that passes validation.
func validBody(t testing.TB, name string) map[string]any {
	return map[string]any{
		"name":          name,
		"description":   "service account",
		"accountStatus": "active",
		"scopes":        []string{"fr:am:*", "fr:idm:*", "fr:idc:esv:*"},
		"jwks":          publicJWKS(t),
	}
}

func adminToken(t testing.TB, f *tenanttest.Fixture) string {
	return f.AdminToken(t, store.RoleTenantAdmin)
}

// create makes a service account through the API and returns its object.
func create(t testing.TB, f *tenanttest.Fixture, body map[string]any) map[string]any {
	t.Helper()
	res := f.Do(t, "POST", svcacctPath+"?_action=create", adminToken(t, f), body)
	if res.Status != 201 {
		t.Fatalf("create: %s", res)
	}
	return res.Object(t)
}

func wantStatus(t testing.TB, res tenanttest.Response, status int) {
	t.Helper()
	if res.Status != status {
		t.Fatalf("status = %d, want %d; body %s", res.Status, status, res.Body)
	}
}

// randReader is crypto/rand's reader, named for rsa.GenerateKey.
type randReader struct{}

func (randReader) Read(p []byte) (int, error) { return rand.Read(p) }
