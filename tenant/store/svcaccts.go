package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/pingclone/aic-console/tenant/crest/query"
)

// SvcAcct is a stored service account (managed object svcacct). Validation
// happens before it reaches the store; JWKS holds public keys only.
type SvcAcct struct {
	ID            string
	Rev           string
	Name          string
	Description   *string // nil is JSON null
	AccountStatus string  // "active" or "inactive"
	Scopes        []string
	JWKS          string // the JSON Web Key Set, as the string the API carries
	CreatedAt     time.Time
	CreatedBy     string
	ModifiedAt    time.Time
	ModifiedBy    string
}

// ErrStaleRevision is matched (errors.Is) by a *StaleRevisionError.
var ErrStaleRevision = errors.New("stale revision")

// StaleRevisionError means a write named a revision that is no longer the
// record's current one (a stale If-Match): the API answers 412.
type StaleRevisionError struct {
	ID, Expected, Current string
}

func (e *StaleRevisionError) Error() string {
	return fmt.Sprintf("service account %s: expected revision %s, current is %s", e.ID, e.Expected, e.Current)
}

// Is makes errors.Is(err, ErrStaleRevision) hold.
func (e *StaleRevisionError) Is(target error) bool { return target == ErrStaleRevision }

// Precondition is what a write requires of the record's current state.
type Precondition struct {
	// Rev is the revision the record must have; "" accepts any.
	Rev string
	// MustNotExist refuses the write with ErrExists when the record exists
	// (If-None-Match: *).
	MustNotExist bool
	// CreateIfMissing lets a replace create a record under an unused id.
	CreateIfMissing bool
}

// SvcAcctQuerySchema maps the svcacct resource's queryable fields to columns.
var SvcAcctQuerySchema = &query.Schema{
	Table: "svcaccts",
	Key:   "id",
	RowID: "seq",
	Fields: map[string]query.Field{
		"_id": {Column: "id", Type: query.String},
		"name": {Column: "name", Type: query.String, Folded: "name_folded", Trigrams: &query.TrigramIndex{
			Postings: "svcaccts_name_trigrams", Counts: "svcaccts_name_trigram_counts", RowID: "seq"},
			Quadgrams: &query.TrigramIndex{
				Postings: "svcaccts_name_quadgrams", Counts: "svcaccts_name_quadgram_counts", RowID: "seq"}},
		"description":   {Column: "description", Type: query.String, Nullable: true},
		"accountStatus": {Column: "account_status", Type: query.String},
		"scopes":        {Column: "scopes", Type: query.StringArray},
	},
}

var svcacctColumns = []string{"id", "rev", "name", "description", "account_status", "scopes", "jwks",
	"created_at", "created_by", "modified_at", "modified_by"}

const svcacctSelect = `SELECT id, rev, name, description, account_status, scopes, jwks,
	created_at, created_by, modified_at, modified_by FROM svcaccts`

func scanSvcAcct(scan func(dest ...any) error) (SvcAcct, error) {
	var a SvcAcct
	var desc sql.NullString
	var scopes, created, modified string
	if err := scan(&a.ID, &a.Rev, &a.Name, &desc, &a.AccountStatus, &scopes, &a.JWKS,
		&created, &a.CreatedBy, &modified, &a.ModifiedBy); err != nil {
		return SvcAcct{}, err
	}
	if desc.Valid {
		d := desc.String
		a.Description = &d
	}
	if err := json.Unmarshal([]byte(scopes), &a.Scopes); err != nil {
		return SvcAcct{}, fmt.Errorf("service account %s: stored scopes: %w", a.ID, err)
	}
	a.CreatedAt, a.ModifiedAt = ParseTime(created), ParseTime(modified)
	return a, nil
}

// GetSvcAcct reads one service account; a missing one is an error wrapping ErrNotFound.
func (s *Store) GetSvcAcct(ctx context.Context, id string) (SvcAcct, error) {
	return getSvcAcct(ctx, s.queries, id)
}

type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func getSvcAcct(ctx context.Context, q rowQuerier, id string) (SvcAcct, error) {
	a, err := scanSvcAcct(q.QueryRowContext(ctx, svcacctSelect+` WHERE id = ?`, id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return SvcAcct{}, fmt.Errorf("service account %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return SvcAcct{}, fmt.Errorf("read service account %s: %w", id, err)
	}
	return a, nil
}

// QuerySvcAccts answers a CREST query (filter, sort, keyset paging) over the
// service accounts. Errors for a bad request are *crest.Error values.
//
// Only the columns the API object needs are read: _id and _rev always, and
// the members req.Fields names (all when it names none). Members not read are
// left zero, and query results never carry CreatedAt/By or ModifiedAt/By.
func (s *Store) QuerySvcAccts(ctx context.Context, req query.Request) ([]SvcAcct, query.Page, error) {
	cols := svcacctQueryColumns(req.Fields)
	out := make([]SvcAcct, 0, min(max(req.PageSize, 0), 1000))
	dest := make([]any, 0, len(cols.names))
	var scopes string
	var desc sql.NullString
	page, err := SvcAcctQuerySchema.Run(ctx, s.queries, req, cols.names, func(scan func(dest ...any) error) error {
		// Scanned straight into the result slot: no per-row allocation.
		out = append(out, SvcAcct{})
		a := &out[len(out)-1]
		if err := scan(cols.dest(dest[:0], a, &desc, &scopes)...); err != nil {
			return err
		}
		return cols.finish(a, desc, scopes)
	})
	if err != nil {
		return nil, query.Page{}, err
	}
	return out, page, nil
}

// svcacctQueryColumns are the columns a query reads for a _fields selection.
type svcacctColumnSet struct {
	names                            []string
	name, desc, status, scopes, jwks bool
}

// Optional columns, by the API member that needs them.
var svcacctMemberColumns = []struct{ member, column string }{
	{"name", "name"}, {"description", "description"}, {"accountStatus", "account_status"},
	{"scopes", "scopes"}, {"jwks", "jwks"},
}

func svcacctQueryColumns(fields []string) svcacctColumnSet {
	c := svcacctColumnSet{names: []string{"id", "rev"}}
	for _, mc := range svcacctMemberColumns {
		if len(fields) > 0 && !slices.Contains(fields, mc.member) {
			continue
		}
		c.names = append(c.names, mc.column)
		switch mc.column {
		case "name":
			c.name = true
		case "description":
			c.desc = true
		case "account_status":
			c.status = true
		case "scopes":
			c.scopes = true
		case "jwks":
			c.jwks = true
		}
	}
	return c
}

// dest appends the scan destinations of the set's columns for a row read
// into a (description and scopes into the holders finish reads).
func (c svcacctColumnSet) dest(dest []any, a *SvcAcct, desc *sql.NullString, scopes *string) []any {
	dest = append(dest, &a.ID, &a.Rev)
	if c.name {
		dest = append(dest, &a.Name)
	}
	if c.desc {
		dest = append(dest, desc)
	}
	if c.status {
		dest = append(dest, &a.AccountStatus)
	}
	if c.scopes {
		dest = append(dest, scopes)
	}
	if c.jwks {
		dest = append(dest, &a.JWKS)
	}
	return dest
}

// finish completes a row: the description and the decoded scopes.
func (c svcacctColumnSet) finish(a *SvcAcct, desc sql.NullString, scopes string) error {
	if c.desc && desc.Valid {
		d := desc.String
		a.Description = &d
	}
	if c.scopes {
		if err := json.Unmarshal([]byte(scopes), &a.Scopes); err != nil {
			return fmt.Errorf("service account %s: stored scopes: %w", a.ID, err)
		}
	}
	return nil
}

// CountSvcAccts counts every service account.
func (s *Store) CountSvcAccts(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM svcaccts`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count service accounts: %w", err)
	}
	return n, nil
}

// CreateSvcAcct stores a new service account on behalf of actor (the
// administrator's user name). An empty a.ID gets a fresh UUID; the revision
// and timestamps are set here. An id in use is ErrExists.
func (s *Store) CreateSvcAcct(ctx context.Context, actor string, a SvcAcct) (SvcAcct, error) {
	defer s.svcacctWritten()
	if a.ID == "" {
		a.ID = uuid.NewString()
	}
	err := s.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = insertSvcAcct(ctx, tx, actor, a)
		return err
	})
	if err != nil {
		return SvcAcct{}, err
	}
	return a, nil
}

// ReplaceSvcAcct replaces a service account's fields with a's (a.ID names it)
// on behalf of actor, if pre holds: a stale pre.Rev is a *StaleRevisionError,
// a missing record ErrNotFound unless pre.CreateIfMissing. created tells which
// happened.
func (s *Store) ReplaceSvcAcct(ctx context.Context, actor string, a SvcAcct, pre Precondition) (out SvcAcct, created bool, err error) {
	defer s.svcacctWritten()
	err = s.InTx(ctx, func(tx *sql.Tx) error {
		cur, err := getSvcAcct(ctx, tx, a.ID)
		switch {
		case errors.Is(err, ErrNotFound) && pre.CreateIfMissing && pre.Rev == "":
			created = true
			out, err = insertSvcAcct(ctx, tx, actor, a)
			return err
		case err != nil:
			return err
		}
		if err := pre.check(cur); err != nil {
			return err
		}
		out, err = updateSvcAcct(ctx, tx, actor, cur, a)
		return err
	})
	if err != nil {
		return SvcAcct{}, false, err
	}
	return out, created, nil
}

// PatchSvcAcct reads the service account, lets change compute its new state
// (an error from change, such as a validation error, aborts and is returned
// as is) and stores it, all in one transaction, so concurrent patches with
// If-Match cannot both win.
func (s *Store) PatchSvcAcct(ctx context.Context, actor, id string, pre Precondition, change func(cur SvcAcct) (SvcAcct, error)) (SvcAcct, error) {
	defer s.svcacctWritten()
	var out SvcAcct
	err := s.InTx(ctx, func(tx *sql.Tx) error {
		cur, err := getSvcAcct(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := pre.check(cur); err != nil {
			return err
		}
		next, err := change(cur)
		if err != nil {
			return err
		}
		next.ID = cur.ID
		out, err = updateSvcAcct(ctx, tx, actor, cur, next)
		return err
	})
	if err != nil {
		return SvcAcct{}, err
	}
	return out, nil
}

// DeleteSvcAcct deletes a service account on behalf of actor if pre holds and
// returns what it was.
func (s *Store) DeleteSvcAcct(ctx context.Context, actor, id string, pre Precondition) (SvcAcct, error) {
	defer s.svcacctWritten()
	var gone SvcAcct
	err := s.InTx(ctx, func(tx *sql.Tx) error {
		cur, err := getSvcAcct(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := pre.check(cur); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM svcaccts WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete service account %s: %w", id, err)
		}
		gone = cur
		return RecordSvcAcctChange(ctx, tx, actor, &cur, nil)
	})
	if err != nil {
		return SvcAcct{}, err
	}
	return gone, nil
}

func (p Precondition) check(cur SvcAcct) error {
	if p.MustNotExist {
		return fmt.Errorf("service account %s: %w", cur.ID, ErrExists)
	}
	if p.Rev != "" && p.Rev != cur.Rev {
		return &StaleRevisionError{ID: cur.ID, Expected: p.Rev, Current: cur.Rev}
	}
	return nil
}

func insertSvcAcct(ctx context.Context, tx *sql.Tx, actor string, a SvcAcct) (SvcAcct, error) {
	now := time.Now().UTC()
	a.Rev = uuid.NewString()
	a.CreatedAt, a.CreatedBy, a.ModifiedAt, a.ModifiedBy = now, actor, now, actor
	if a.Scopes == nil {
		a.Scopes = []string{}
	}
	scopes, err := json.Marshal(a.Scopes)
	if err != nil {
		return SvcAcct{}, fmt.Errorf("service account %s: scopes: %w", a.ID, err)
	}
	res, err := tx.ExecContext(ctx,
		`INSERT INTO svcaccts(id, rev, name, name_folded, description, account_status, scopes, jwks, created_at, created_by, modified_at, modified_by)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
		a.ID, a.Rev, a.Name, query.Fold(a.Name), a.Description, a.AccountStatus, string(scopes), a.JWKS,
		FormatTime(now), actor, FormatTime(now), actor)
	if err != nil {
		return SvcAcct{}, fmt.Errorf("create service account %s: %w", a.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return SvcAcct{}, fmt.Errorf("create service account %s: %w", a.ID, ErrExists)
	}
	if err := RecordSvcAcctChange(ctx, tx, actor, nil, &a); err != nil {
		return SvcAcct{}, err
	}
	return a, nil
}

// updateSvcAcct writes next's fields over cur, with a new revision.
func updateSvcAcct(ctx context.Context, tx *sql.Tx, actor string, cur, next SvcAcct) (SvcAcct, error) {
	now := time.Now().UTC()
	next.ID, next.Rev = cur.ID, uuid.NewString()
	next.CreatedAt, next.CreatedBy = cur.CreatedAt, cur.CreatedBy
	next.ModifiedAt, next.ModifiedBy = now, actor
	if next.Scopes == nil {
		next.Scopes = []string{}
	}
	scopes, err := json.Marshal(next.Scopes)
	if err != nil {
		return SvcAcct{}, fmt.Errorf("service account %s: scopes: %w", cur.ID, err)
	}
	_, err = tx.ExecContext(ctx,
		`UPDATE svcaccts SET rev = ?, name = ?, name_folded = ?, description = ?, account_status = ?, scopes = ?, jwks = ?,
		        modified_at = ?, modified_by = ? WHERE id = ?`,
		next.Rev, next.Name, query.Fold(next.Name), next.Description, next.AccountStatus, string(scopes), next.JWKS,
		FormatTime(now), actor, cur.ID)
	if err != nil {
		return SvcAcct{}, fmt.Errorf("update service account %s: %w", cur.ID, err)
	}
	if err := RecordSvcAcctChange(ctx, tx, actor, &cur, &next); err != nil {
		return SvcAcct{}, err
	}
	return next, nil
}
