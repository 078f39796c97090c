package audit_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"database/sql"
	"encoding/json"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/pingclone/aic-console/tenant/audit"
	"github.com/pingclone/aic-console/tenant/store"
)

func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// publicJWKS returns a JWKS string with one fresh public key and the key.
func publicJWKS(t testing.TB, rsaKey bool) (string, jose.JSONWebKey) {
	t.Helper()
	var pub any
	if rsaKey {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		pub = &k.PublicKey
	} else {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		pub = &k.PublicKey
	}
	jwk := jose.JSONWebKey{Key: pub}
	b, err := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{jwk}})
	if err != nil {
		t.Fatal(err)
	}
	return string(b), jwk
}

func strPtr(s string) *string { return &s }

// allEvents reads every event, newest first.
func allEvents(t testing.TB, db *sql.DB) []audit.Event {
	t.Helper()
	var out []audit.Event
	if err := audit.Each(context.Background(), db, audit.Filter{}, func(e audit.Event) error {
		out = append(out, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// seed is one event of a scripted history.
type seed struct {
	at                 time.Time
	actor, kind        string
	action, target     string
	outcome, reason    string
	requested, granted []string
}

func record(t testing.TB, db *sql.DB, s seed) {
	t.Helper()
	e := audit.Event{Time: s.at, Actor: s.actor, ActorKind: s.kind, Action: s.action, TargetID: s.target,
		TargetName: "name-" + s.target, Outcome: s.outcome, Reason: s.reason,
		ScopesRequested: s.requested, ScopesGranted: s.granted}
	if err := audit.RecordAlone(context.Background(), db, e); err != nil {
		t.Fatal(err)
	}
}

// insertAccount writes a service account row directly, as the svcacct store
// does, with its audit event in the same transaction.
func insertAccount(t testing.TB, st *store.Store, a store.SvcAcct, actor string) {
	t.Helper()
	ctx := context.Background()
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		scopes, _ := json.Marshal(a.Scopes)
		if _, err := tx.ExecContext(ctx, `INSERT INTO svcaccts(id, rev, name, description, account_status, scopes, jwks,
			created_at, created_by, modified_at, modified_by) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
			a.ID, "1", a.Name, a.Description, a.AccountStatus, string(scopes), a.JWKS,
			store.FormatTime(a.CreatedAt), a.CreatedBy, store.FormatTime(a.ModifiedAt), a.ModifiedBy); err != nil {
			return err
		}
		return store.RecordSvcAcctChange(ctx, tx, actor, nil, &a)
	})
	if err != nil {
		t.Fatal(err)
	}
}
