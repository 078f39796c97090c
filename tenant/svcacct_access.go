package tenant

import (
	"context"
	"errors"
	"net/http"

	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/scopes"
	"github.com/pingclone/aic-console/tenant/store"
	"github.com/pingclone/aic-console/tenant/svcacct"
)

// ownRecordOrAdministrator lets administrators (tenant-admin and auditor) read
// any service account, and a service account token read only its own record
// (the {id} of the path), when its scopes open the path in the scope table
// (fr:idm:* for /openidm/). Every other caller gets 403, whether or not the
// record exists.
func ownRecordOrAdministrator(p auth.Principal, r *http.Request) bool {
	if p.IsAdministrator() {
		return true
	}
	return p.IsServiceAccount() && p.Subject != "" && p.Subject == r.PathValue("id") &&
		scopes.Authorize(r.Method, r.URL.Path, p.Scopes).Allowed
}

// svcacctLookup checks a service account token's account live, on every call:
// a deleted or inactive account's tokens stop working at once, and scopes
// removed from it stop being granted.
func svcacctLookup(st *store.Store) auth.AccountLookup {
	return func(ctx context.Context, id string) (auth.AccountState, error) {
		a, err := st.GetSvcAcct(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return auth.AccountState{}, nil
		}
		if err != nil {
			return auth.AccountState{}, err
		}
		return auth.AccountState{
			Exists: true,
			Active: a.AccountStatus == svcacct.StatusActive,
			Scopes: append([]string(nil), a.Scopes...),
		}, nil
	}
}
