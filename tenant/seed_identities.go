package tenant

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/pingclone/aic-console/tenant/store"
)

// seedIdentities adds a few alpha realm users to a new tenant.
func (t *Tenant) seedIdentities(ctx context.Context) error {
	users := []map[string]any{
		{"userName": "bjensen", "givenName": "Barbara", "sn": "Jensen", "mail": "bjensen@example.com", "accountStatus": "active"},
		{"userName": "scarter", "givenName": "Sam", "sn": "Carter", "mail": "scarter@example.com", "accountStatus": "active"},
		{"userName": "jdoe", "givenName": "John", "sn": "Doe", "mail": "jdoe@example.com", "accountStatus": "inactive"},
		{"userName": "kvaughan", "givenName": "Kirsten", "sn": "Vaughan", "mail": "kvaughan@example.com", "accountStatus": "active"},
	}
	for _, obj := range users {
		u := store.AlphaUser{ID: uuid.NewString(), Rev: alphaUserRev(), Object: obj}
		if err := store.InsertAlphaUser(ctx, t.store.DB(), u, t.now()); err != nil && !errors.Is(err, store.ErrExists) {
			return fmt.Errorf("seed identities: %w", err)
		}
	}
	return nil
}

// alphaUserRev is a fresh _rev for an alpha_user.
func alphaUserRev() string { return uuid.NewString() + "-1" }
