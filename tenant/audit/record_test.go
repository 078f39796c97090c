package audit_test

import (
	"context"
	"database/sql"
	"errors"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pingclone/aic-console/tenant/audit"
	"github.com/pingclone/aic-console/tenant/store"
)

func TestTimeLayoutMatchesStore(t *testing.T) {
	st := openStore(t)
	at := time.Date(2026, 12, 3, 15, 4, 5, 123456000, time.UTC)
	record(t, st.DB(), seed{at: at, actor: "alice", action: audit.ActionSignIn})
	var stored string
	if err := st.DB().QueryRow(`SELECT time FROM audit_events`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != store.FormatTime(at) {
		t.Fatalf("stored time %q, store.FormatTime gives %q", stored, store.FormatTime(at))
	}
}

func TestRecordFillsRequestContext(t *testing.T) {
	st := openStore(t)
	fixed := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	ctx := audit.WithRequest(context.Background(), "req-1", "192.0.2.7", func() time.Time { return fixed })
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		return audit.Record(ctx, tx, audit.Event{Actor: "alice", Action: audit.ActionSignIn})
	})
	if err != nil {
		t.Fatal(err)
	}
	got := allEvents(t, st.DB())
	if len(got) != 1 {
		t.Fatalf("%d events, want 1", len(got))
	}
	e := got[0]
	if e.RequestID != "req-1" || e.ClientAddress != "192.0.2.7" || !e.Time.Equal(fixed) ||
		e.Outcome != audit.OutcomeSuccess || e.ActorKind != audit.ActorAdmin {
		t.Fatalf("event = %+v", e)
	}
}

func TestRecordRejectsUnknownValues(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	for _, e := range []audit.Event{
		{Actor: "a", Action: "svcacct.rename"},
		{Actor: "a", Action: audit.ActionSignIn, Outcome: "maybe"},
		{Actor: "a", Action: audit.ActionSignIn, ActorKind: "robot"},
	} {
		if err := audit.RecordAlone(ctx, st.DB(), e); err == nil {
			t.Errorf("recorded %+v", e)
		}
	}
	if err := audit.Record(ctx, nil, audit.Event{Actor: "a", Action: audit.ActionSignIn}); err == nil {
		t.Error("recorded without a transaction")
	}
	if n := len(allEvents(t, st.DB())); n != 0 {
		t.Fatalf("%d events stored", n)
	}
}

// A change and its event commit together or not at all.
func TestChangeAndEventShareTheTransaction(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	jwks, _ := publicJWKS(t, false)
	now := time.Now().UTC()
	a := store.SvcAcct{ID: "id-1", Name: "ci", AccountStatus: "active", Scopes: []string{"fr:am:*"}, JWKS: jwks,
		CreatedAt: now, CreatedBy: "alice", ModifiedAt: now, ModifiedBy: "alice"}
	insertAccount(t, st, a, "alice")

	// A failing write (the change's own error after the event was written)
	// leaves neither the change nor an event.
	boom := errors.New("boom")
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE svcaccts SET name = 'renamed' WHERE id = ?`, a.ID); err != nil {
			return err
		}
		after := a
		after.Name = "renamed"
		if err := store.RecordSvcAcctChange(ctx, tx, "alice", &a, &after); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	// A change whose event cannot be written does not commit either.
	err = st.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE svcaccts SET name = 'renamed' WHERE id = ?`, a.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Actor: "alice", Action: "not-an-action"})
	})
	if err == nil {
		t.Fatal("a change with an invalid event committed")
	}
	var name string
	if err := st.DB().QueryRow(`SELECT name FROM svcaccts WHERE id = ?`, a.ID).Scan(&name); err != nil || name != "ci" {
		t.Fatalf("name = %q, %v; the failed changes must not stick", name, err)
	}
	events := allEvents(t, st.DB())
	if len(events) != 1 || events[0].Action != audit.ActionCreate {
		t.Fatalf("events = %+v, want only the create", events)
	}
	if !events[0].Time.Equal(now.Truncate(time.Microsecond)) {
		t.Fatalf("event time %v, record's modified time %v", events[0].Time, now)
	}
	wantCreate := audit.Changes{"name": {nil, "ci"}, "description": {nil, nil}, "accountStatus": {nil, "active"},
		"scopes": {nil, []any{"fr:am:*"}}, "keyThumbprints": {nil, toAny(audit.Thumbprints(jwks))}}
	delete(wantCreate, "description") // null to null is no change
	if !reflect.DeepEqual(events[0].Changes, wantCreate) {
		t.Fatalf("changes = %#v\nwant %#v", events[0].Changes, wantCreate)
	}
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func TestEventsAreAppendOnly(t *testing.T) {
	st := openStore(t)
	db := st.DB()
	record(t, db, seed{at: time.Now(), actor: "alice", action: audit.ActionSignIn})
	if _, err := db.Exec(`UPDATE audit_events SET actor = 'mallory'`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("update: err = %v, want append-only refusal", err)
	}
	if _, err := db.Exec(`DELETE FROM audit_events`); err == nil || !strings.Contains(err.Error(), "retention") {
		t.Fatalf("delete: err = %v, want refusal", err)
	}
	if n := len(allEvents(t, db)); n != 1 {
		t.Fatalf("%d events left, want 1", n)
	}
}

func TestClientAddress(t *testing.T) {
	tests := []struct {
		remote, xff, want string
	}{
		{"192.0.2.1:5555", "", "192.0.2.1"},
		{"192.0.2.1:5555", "203.0.113.9", "192.0.2.1"},                 // not from a local proxy: ignored
		{"127.0.0.1:5555", "198.51.100.1, 203.0.113.9", "203.0.113.9"}, // the proxy's own entry only
		{"[::1]:5555", "203.0.113.9", "203.0.113.9"},
		{"127.0.0.1:5555", "not-an-ip", "127.0.0.1"},
		{"", "203.0.113.9", "203.0.113.9"}, // in-process caller
	}
	for _, tc := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		if tc.xff != "" {
			r.Header.Set("X-Forwarded-For", tc.xff)
		}
		if got := audit.ClientAddress(r); got != tc.want {
			t.Errorf("remote %q xff %q: got %q, want %q", tc.remote, tc.xff, got, tc.want)
		}
	}
}
