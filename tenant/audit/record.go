package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// Record writes e inside tx, the transaction of the change e records, so that
// the change and its event commit or roll back together. Time, request ID and
// client address are taken from ctx (see Middleware) when e leaves them empty.
func Record(ctx context.Context, tx *sql.Tx, e Event) error {
	if tx == nil {
		return errors.New("record audit event: no transaction")
	}
	return insert(ctx, tx, e)
}

// RecordAlone writes an event that has no change to go with, such as a
// refused token request or a failed sign-in, in a statement of its own.
func RecordAlone(ctx context.Context, db *sql.DB, e Event) error {
	return insert(ctx, db, e)
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

const insertEvent = `INSERT INTO audit_events
	(time, actor, actor_kind, action, target_id, target_name, changes, outcome, reason,
	 scopes_requested, scopes_granted, request_id, client_address)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func insert(ctx context.Context, db execer, e Event) error {
	args, err := insertArgs(ctx, e)
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, insertEvent, args...); err != nil {
		return fmt.Errorf("record audit event %s: %w", e.Action, err)
	}
	return nil
}

// insertArgs completes and checks e and gives the arguments of insertEvent.
func insertArgs(ctx context.Context, e Event) ([]any, error) {
	e = complete(ctx, e)
	if err := e.validate(); err != nil {
		return nil, fmt.Errorf("record audit event: %w", err)
	}
	changes, err := nullableJSON(len(e.Changes) > 0, e.Changes)
	if err != nil {
		return nil, fmt.Errorf("record audit event: changes: %w", err)
	}
	requested, err := nullableJSON(e.ScopesRequested != nil, e.ScopesRequested)
	if err != nil {
		return nil, fmt.Errorf("record audit event: scopes: %w", err)
	}
	granted, err := nullableJSON(e.ScopesGranted != nil, e.ScopesGranted)
	if err != nil {
		return nil, fmt.Errorf("record audit event: scopes: %w", err)
	}
	return []any{formatTime(e.Time), e.Actor, e.ActorKind, e.Action, e.TargetID, e.TargetName, changes,
		e.Outcome, e.Reason, requested, granted, e.RequestID, e.ClientAddress}, nil
}

// Inserter records events through one statement prepared once, which saves
// SQLite parsing the insert for every event of a busy endpoint (the token
// endpoint records one per request).
type Inserter struct{ stmt *sql.Stmt }

// PrepareInserter prepares the insert on db.
func PrepareInserter(ctx context.Context, db *sql.DB) (*Inserter, error) {
	stmt, err := db.PrepareContext(ctx, insertEvent)
	if err != nil {
		return nil, fmt.Errorf("prepare audit event insert: %w", err)
	}
	return &Inserter{stmt: stmt}, nil
}

// Close releases the statement.
func (in *Inserter) Close() error { return in.stmt.Close() }

// Record writes e inside tx, like the package's Record.
func (in *Inserter) Record(ctx context.Context, tx *sql.Tx, e Event) error {
	if tx == nil {
		return errors.New("record audit event: no transaction")
	}
	stmt := tx.StmtContext(ctx, in.stmt)
	defer stmt.Close()
	return in.insert(ctx, stmt, e)
}

// RecordBatch writes events in one transaction, like the package's RecordBatch.
func (in *Inserter) RecordBatch(ctx context.Context, db *sql.DB, events []Event) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("record audit events: %w", err)
	}
	stmt := tx.StmtContext(ctx, in.stmt)
	defer stmt.Close()
	for _, e := range events {
		if err := in.insert(ctx, stmt, e); err != nil {
			_ = tx.Rollback()
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("record audit events: commit: %w", err)
	}
	return nil
}

func (in *Inserter) insert(ctx context.Context, stmt *sql.Stmt, e Event) error {
	args, err := insertArgs(ctx, e)
	if err != nil {
		return err
	}
	if _, err := stmt.ExecContext(ctx, args...); err != nil {
		return fmt.Errorf("record audit event %s: %w", e.Action, err)
	}
	return nil
}

// complete fills what the caller may leave out.
func complete(ctx context.Context, e Event) Event {
	info := infoFrom(ctx)
	if e.Time.IsZero() {
		e.Time = Now(ctx)
	}
	if e.RequestID == "" {
		e.RequestID = info.requestID
	}
	if e.ClientAddress == "" {
		e.ClientAddress = info.clientAddress
	}
	if e.Outcome == "" {
		e.Outcome = OutcomeSuccess
	}
	if e.ActorKind == "" {
		e.ActorKind = ActorAdmin
	}
	if e.Actor == "" {
		e.Actor, e.ActorKind = "", ActorAnonymous
	}
	return e
}

func (e Event) validate() error {
	if !KnownAction(e.Action) {
		return fmt.Errorf("unknown action %q", e.Action)
	}
	if e.Outcome != OutcomeSuccess && e.Outcome != OutcomeFailure {
		return fmt.Errorf("unknown outcome %q", e.Outcome)
	}
	switch e.ActorKind {
	case ActorAdmin, ActorServiceAccount, ActorAnonymous:
	default:
		return fmt.Errorf("unknown actor kind %q", e.ActorKind)
	}
	return nil
}

func nullableJSON(present bool, v any) (any, error) {
	if !present {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// Complete fills what the caller left out of e from ctx (time, request ID,
// client address), for events written later in a batch (RecordBatch).
func Complete(ctx context.Context, e Event) Event { return complete(ctx, e) }

// RecordBatch writes events that have no change to go with in one
// transaction: all of them or none. Complete each with its own request first.
func RecordBatch(ctx context.Context, db *sql.DB, events []Event) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("record audit events: %w", err)
	}
	for _, e := range events {
		if err := insert(ctx, tx, e); err != nil {
			_ = tx.Rollback()
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("record audit events: commit: %w", err)
	}
	return nil
}
