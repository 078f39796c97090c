package tenant

import (
	"context"
	"fmt"

	"github.com/pingclone/aic-console/tenant/audit"
)

// startAuditRetention prunes events older than the retention period now, then
// keeps pruning in the background until Close.
func (t *Tenant) startAuditRetention(ctx context.Context) error {
	retention := t.cfg.AuditRetention
	switch {
	case retention == 0:
		retention = audit.DefaultRetention
	case retention < 0:
		retention = 0 // keep forever
	}
	p := &audit.Pruner{DB: t.store.DB(), Retention: retention, Now: t.now, Log: t.log}
	if _, err := p.PruneNow(ctx); err != nil {
		return fmt.Errorf("audit retention: %w", err)
	}
	loopCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.Loop(loopCtx)
	}()
	t.stopAudit = func() { cancel(); <-done }
	return nil
}
