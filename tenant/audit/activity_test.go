package audit_test

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/pingclone/aic-console/tenant/audit"
	"github.com/pingclone/aic-console/tenant/store"
)

// The impact preview's numbers after a scripted series of token requests.
func TestActivityAfterScriptedTokenRequests(t *testing.T) {
	st := openStore(t)
	db := st.DB()
	ctx := context.Background()
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	day := 24 * time.Hour

	jwks1, _ := publicJWKS(t, true)
	jwks2, _ := publicJWKS(t, true)
	acct := store.SvcAcct{ID: "acct-1", Name: "ci", AccountStatus: "active",
		Scopes: []string{"fr:am:*", "fr:idc:esv:*", "fr:idm:*"}, JWKS: jwks1,
		CreatedAt: ago(60 * day), CreatedBy: "alice", ModifiedAt: ago(60 * day), ModifiedBy: "alice"}
	insertAccount(t, st, acct, "alice")
	regenerated := acct
	regenerated.JWKS, regenerated.ModifiedAt, regenerated.ModifiedBy = jwks2, ago(5*day), "bob"
	if err := st.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE svcaccts SET jwks = ?, modified_at = ?, modified_by = ? WHERE id = ?`,
			jwks2, store.FormatTime(regenerated.ModifiedAt), "bob", acct.ID); err != nil {
			return err
		}
		return store.RecordSvcAcctChange(ctx, tx, "bob", &acct, &regenerated)
	}); err != nil {
		t.Fatal(err)
	}

	grant := func(at time.Time, requested, granted []string) {
		record(t, db, seed{at: at, actor: acct.ID, kind: audit.ActorServiceAccount, action: audit.ActionTokenGranted,
			target: acct.ID, requested: requested, granted: granted})
	}
	grant(ago(40*day), []string{"fr:idm:*"}, []string{"fr:idm:*"}) // outside the window
	grant(ago(10*day), []string{"fr:am:*", "fr:idc:esv:read"}, []string{"fr:am:*", "fr:idc:esv:read"})
	grant(ago(2*time.Hour), []string{"fr:am:*"}, []string{"fr:am:*"})
	record(t, db, seed{at: ago(time.Hour), actor: acct.ID, kind: audit.ActorServiceAccount, action: audit.ActionTokenRefused,
		target: acct.ID, outcome: audit.OutcomeFailure, reason: "invalid_scope: fr:iga:* not held", requested: []string{"fr:iga:*"}})
	// Another account's traffic does not count.
	record(t, db, seed{at: ago(time.Hour), actor: "other", kind: audit.ActorServiceAccount, action: audit.ActionTokenGranted,
		target: "other", requested: []string{"fr:idm:*"}, granted: []string{"fr:idm:*"}})

	a, err := audit.AccountActivity(ctx, db, acct.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Exists || a.Name != "ci" || a.Created.By != "alice" || !a.Created.Time.Equal(ago(60*day)) ||
		a.LastModified.By != "bob" || !a.LastModified.Time.Equal(ago(5*day)) {
		t.Fatalf("record part = %+v created %+v modified %+v", a, a.Created, a.LastModified)
	}
	if a.Key == nil || !reflect.DeepEqual(a.Key.Thumbprints, audit.Thumbprints(jwks2)) || !a.Key.Since.Equal(ago(5*day)) ||
		a.Key.AgeSeconds != int64(5*day/time.Second) || a.Key.LastUsed == nil || !a.Key.LastUsed.Equal(ago(2*time.Hour)) {
		t.Fatalf("key = %+v", a.Key)
	}
	if a.LastGrant == nil || !a.LastGrant.Time.Equal(ago(2*time.Hour)) || !reflect.DeepEqual(a.LastGrant.ScopesGranted, []string{"fr:am:*"}) {
		t.Fatalf("last grant = %+v", a.LastGrant)
	}
	if a.LastRefusal == nil || a.LastRefusal.Reason != "invalid_scope: fr:iga:* not held" {
		t.Fatalf("last refusal = %+v", a.LastRefusal)
	}
	if a.Grants != (audit.Counts{Last24h: 1, Last30d: 2}) || a.Refusals != (audit.Counts{Last24h: 1, Last30d: 1}) {
		t.Fatalf("grants %+v refusals %+v", a.Grants, a.Refusals)
	}
	at := func(d time.Duration) *time.Time { x := ago(d); return &x }
	wantScopes := []audit.ScopeUse{
		{Scope: "fr:am:*", Requested: true, Requests: 2, LastRequested: at(2 * time.Hour), RequestedAs: []string{"fr:am:*"}},
		{Scope: "fr:idc:esv:*", Requested: true, Requests: 1, LastRequested: at(10 * day), RequestedAs: []string{"fr:idc:esv:read"}},
		{Scope: "fr:idm:*"},
	}
	if !reflect.DeepEqual(a.Scopes, wantScopes) {
		t.Fatalf("scopes = %+v\nwant     %+v", a.Scopes, wantScopes)
	}
	wantRequested := []audit.RequestedScope{
		{Scope: "fr:iga:*", Requests: 1, LastRequested: ago(time.Hour), Held: false},
		{Scope: "fr:am:*", Requests: 2, LastRequested: ago(2 * time.Hour), Held: true},
		{Scope: "fr:idc:esv:read", Requests: 1, LastRequested: ago(10 * day), Held: true},
	}
	if !reflect.DeepEqual(a.RequestedScopes, wantRequested) {
		t.Fatalf("requested = %+v\nwant        %+v", a.RequestedScopes, wantRequested)
	}

	// A request that named no scope counts for what it was granted.
	grant(ago(time.Minute), nil, []string{"fr:idm:*"})
	a, err = audit.AccountActivity(ctx, db, acct.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if u := a.Scopes[2]; !u.Requested || u.Requests != 1 {
		t.Fatalf("fr:idm:* after a scope-less grant: %+v", u)
	}
}

func TestActivityOfDeletedAndUnknownAccounts(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	jwks, _ := publicJWKS(t, false)
	acct := store.SvcAcct{ID: "gone", Name: "old", AccountStatus: "active", Scopes: []string{"fr:am:*"}, JWKS: jwks,
		CreatedAt: now.Add(-time.Hour), CreatedBy: "alice", ModifiedAt: now.Add(-time.Hour), ModifiedBy: "alice"}
	insertAccount(t, st, acct, "alice")
	deletedAfter := time.Now()
	if err := st.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`DELETE FROM svcaccts WHERE id = ?`, acct.ID); err != nil {
			return err
		}
		return store.RecordSvcAcctChange(audit.WithRequest(ctx, "r", "", func() time.Time { return now }), tx, "bob", &acct, nil)
	}); err != nil {
		t.Fatal(err)
	}
	a, err := audit.AccountActivity(ctx, st.DB(), acct.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if a.Exists || a.Name != "old" || a.Created == nil || a.Created.By != "alice" || a.Deleted == nil ||
		a.Deleted.By != "bob" || a.Deleted.Time.Before(deletedAfter.Truncate(time.Microsecond)) || a.Key != nil {
		t.Fatalf("deleted account activity = %+v", a)
	}
	if _, err := audit.AccountActivity(ctx, st.DB(), "never-existed", now); !errors.Is(err, audit.ErrNoActivity) {
		t.Fatalf("unknown account: err = %v", err)
	}
}
