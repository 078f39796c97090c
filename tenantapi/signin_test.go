package tenantapi_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/pingclone/aic-console/tenant"
	"github.com/pingclone/aic-console/tenant/store"
	"github.com/pingclone/aic-console/tenantapi"
)

// SignIn against a real tenant over real HTTP.
func TestSignIn(t *testing.T) {
	var h atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.Load().(http.Handler).ServeHTTP(w, r)
	}))
	defer srv.Close()
	ctx := context.Background()
	tn, err := tenant.New(ctx, tenant.Config{DataDir: t.TempDir(), BaseURL: srv.URL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer tn.Close()
	h.Store(tn.Handler())
	hash, _ := bcrypt.GenerateFromPassword([]byte("s3cret-password"), bcrypt.MinCost)
	if err := tn.Store().AddAdmin(ctx, store.Admin{Username: "ops", Role: store.RoleTenantAdmin, PasswordHash: string(hash)}); err != nil {
		t.Fatal(err)
	}

	token, err := tenantapi.SignIn(ctx, srv.Client(), srv.URL+"/", "ops", "s3cret-password")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/environment/scopes/service-accounts", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("catalogue with the token: %d", resp.StatusCode)
	}

	for _, tc := range []struct{ user, pass string }{{"ops", "wrong-password"}, {"nobody", "s3cret-password"}} {
		if _, err := tenantapi.SignIn(ctx, srv.Client(), srv.URL, tc.user, tc.pass); !errors.Is(err, tenantapi.ErrLoginFailure) {
			t.Fatalf("%s/%s: err %v, want ErrLoginFailure", tc.user, tc.pass, err)
		}
	}
	if _, err := tenantapi.SignIn(ctx, srv.Client(), "http://127.0.0.1:1", "ops", "x"); err == nil {
		t.Fatal("no error for an unreachable tenant")
	}
}
