package oauth

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/url"
	"testing"
	"time"

	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/store"
)

// BenchmarkSignInFailure compares a wrong password for an existing
// administrator with any password for a user name that does not exist: both
// must cost the same bcrypt work, so timing does not reveal which names exist.
// Compare the two ns/op figures of one run.
func BenchmarkSignInFailure(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	hash, err := auth.HashPassword("the right password")
	if err != nil {
		b.Fatal(err)
	}
	if err := st.AddAdmin(ctx, store.Admin{Username: "known", Role: store.RoleTenantAdmin, PasswordHash: hash}); err != nil {
		b.Fatal(err)
	}
	base, _ := url.Parse("http://tenant.test")
	s := New(Deps{
		Store: st, BaseURL: base, Now: time.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Authn: &auth.Authenticator{Store: st, CookieName: "iPlanetDirectoryPro", SessionIdle: time.Minute, Now: time.Now},
	})
	for _, user := range []string{"known", "unknown"} {
		b.Run(user+"-user", func(b *testing.B) {
			for b.Loop() {
				s.signin.throttle.succeeded(user) // measure the check, not the lockout
				if _, err := s.signIn(ctx, user, "a wrong password"); !errors.Is(err, errLoginFailure) {
					b.Fatalf("err %v", err)
				}
			}
		})
	}
}
