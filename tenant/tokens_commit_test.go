package tenant

import (
	"net/http"
	"strings"
	"testing"
)

// A granted token's event commits in the transaction that consumes the
// assertion's jti: when the event cannot be written, no token is answered and
// the assertion stays unused, so the client may send it again.
func TestGrantEventAndJTICommitTogether(t *testing.T) {
	f := newGrantFixture(t)
	db := f.tn.store.DB()
	if _, err := db.Exec(`CREATE TRIGGER audit_down BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'audit down'); END`); err != nil {
		t.Fatal(err)
	}
	assertion := tkSign(t, tkKey(t, 0), "", tkClaims(f.active, f.clock.Now()))
	a := tkPostToken(t, f.tn, tkForm(assertion, "fr:idm:*"))
	if a.Status != http.StatusInternalServerError || a.JSON["error"] != "server_error" || strings.Contains(a.Body, "access_token") {
		t.Fatalf("with the audit trail down: %d %s", a.Status, a.Body)
	}
	if _, err := db.Exec(`DROP TRIGGER audit_down`); err != nil {
		t.Fatal(err)
	}
	if a := tkPostToken(t, f.tn, tkForm(assertion, "fr:idm:*")); a.Status != http.StatusOK {
		t.Fatalf("the same assertion once the trail is back: %d %s", a.Status, a.Body)
	}
	var granted int
	if err := db.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'token.granted'`).Scan(&granted); err != nil || granted != 1 {
		t.Fatalf("%d token.granted events (%v), want 1", granted, err)
	}
	if a := tkPostToken(t, f.tn, tkForm(assertion, "fr:idm:*")); a.JSON["error"] != "invalid_grant" {
		t.Fatalf("replay: %d %s", a.Status, a.Body)
	}
}
