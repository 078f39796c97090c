package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/pingclone/aic-console/tenant/audit"
)

// RecordSvcAcctChange writes the audit event of a service account write by
// actor inside tx, the write's own transaction: before is nil on create, after
// nil on delete. Every write function calls it before committing, so a change
// never commits without its event and a failed change leaves none.
func RecordSvcAcctChange(ctx context.Context, tx *sql.Tx, actor string, before, after *SvcAcct) error {
	e := audit.AccountChange(actor, before.auditAccount(), after.auditAccount())
	// The event and the record agree on when; a delete takes the store's
	// clock too, so the trail of one account stays in order.
	e.Time = time.Now().UTC()
	if after != nil && !after.ModifiedAt.IsZero() {
		e.Time = after.ModifiedAt
	}
	return audit.Record(ctx, tx, e)
}

func (a *SvcAcct) auditAccount() *audit.Account {
	if a == nil {
		return nil
	}
	return &audit.Account{
		ID: a.ID, Name: a.Name, Description: a.Description, AccountStatus: a.AccountStatus,
		Scopes: a.Scopes, JWKS: a.JWKS,
	}
}
