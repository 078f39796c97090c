package audit

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Filter selects events; zero fields select everything.
type Filter struct {
	Account string    // the service account concerned (target ID)
	Actor   string    // administrator user name or service account ID
	Actions []string  // any of these actions
	Outcome string    // success or failure
	From    time.Time // inclusive
	To      time.Time // exclusive
}

// Page sizes of List.
const (
	DefaultPageSize = 50
	MaxPageSize     = 1000
)

// Page is one page of events, newest first. Next is the cookie of the page
// after it, empty on the last page.
type Page struct {
	Events []Event
	Next   string
}

// ErrBadCookie means a paged results cookie was not one List handed out.
var ErrBadCookie = errors.New("invalid paged results cookie")

// cursor is the position after the last event of a page: events are ordered
// by (time, seq) descending and the next page starts strictly below it.
type cursor struct {
	time string
	seq  int64
}

func (c cursor) encode() string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.time + "|" + strconv.FormatInt(c.seq, 10)))
}

func decodeCursor(s string) (cursor, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, ErrBadCookie
	}
	t, seq, ok := strings.Cut(string(raw), "|")
	n, err := strconv.ParseInt(seq, 10, 64)
	if !ok || err != nil || n <= 0 || parseTime(t).IsZero() {
		return cursor{}, ErrBadCookie
	}
	return cursor{time: t, seq: n}, nil
}

// queryOptions exist for the benchmark, which compares the indexed plan with
// a full scan of the same query.
type queryOptions struct{ notIndexed bool }

const eventColumns = `seq, time, actor, actor_kind, action, target_id, target_name, changes, outcome,
	reason, scopes_requested, scopes_granted, request_id, client_address`

// selectSQL builds the query for f, newest first, starting below after when set.
func selectSQL(f Filter, after *cursor, limit int, o queryOptions) (string, []any) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if f.Account != "" {
		add("target_id = ?", f.Account)
	}
	if f.Actor != "" {
		add("actor = ?", f.Actor)
	}
	if len(f.Actions) == 1 {
		add("action = ?", f.Actions[0])
	} else if len(f.Actions) > 1 {
		marks := strings.TrimSuffix(strings.Repeat("?,", len(f.Actions)), ",")
		as := make([]any, len(f.Actions))
		for i, a := range f.Actions {
			as[i] = a
		}
		add("action IN ("+marks+")", as...)
	}
	if f.Outcome != "" {
		add("outcome = ?", f.Outcome)
	}
	if !f.From.IsZero() {
		add("time >= ?", formatTime(f.From))
	}
	if !f.To.IsZero() {
		add("time < ?", formatTime(f.To))
	}
	if after != nil {
		// time <= ? bounds the index range; the OR only drops ties already shown.
		add("time <= ? AND (time < ? OR seq < ?)", after.time, after.time, after.seq)
	}
	q := "SELECT " + eventColumns + " FROM audit_events"
	if o.notIndexed {
		q += " NOT INDEXED"
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY time DESC, seq DESC"
	if limit > 0 {
		q += " LIMIT " + strconv.Itoa(limit)
	}
	return q, args
}

// List returns one page of the events f selects, newest first. cookie is ""
// for the first page, else a Page.Next.
func List(ctx context.Context, db *sql.DB, f Filter, size int, cookie string) (Page, error) {
	return list(ctx, db, f, size, cookie, queryOptions{})
}

func list(ctx context.Context, db *sql.DB, f Filter, size int, cookie string, o queryOptions) (Page, error) {
	if size <= 0 {
		size = DefaultPageSize
	}
	if size > MaxPageSize {
		size = MaxPageSize
	}
	var after *cursor
	if cookie != "" {
		c, err := decodeCursor(cookie)
		if err != nil {
			return Page{}, err
		}
		after = &c
	}
	q, args := selectSQL(f, after, size+1, o)
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return Page{}, fmt.Errorf("list audit events: %w", err)
	}
	defer rows.Close()
	page := Page{Events: make([]Event, 0, size)}
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return Page{}, fmt.Errorf("list audit events: %w", err)
		}
		if len(page.Events) == size {
			last := page.Events[size-1]
			page.Next = cursor{time: formatTime(last.Time), seq: last.ID}.encode()
			break
		}
		page.Events = append(page.Events, e)
	}
	if err := rows.Err(); err != nil {
		return Page{}, fmt.Errorf("list audit events: %w", err)
	}
	return page, nil
}

// Each calls fn for every event f selects, newest first, reading them one at a
// time from the database cursor: memory stays constant however many there are.
// An error from fn stops the walk and is returned.
func Each(ctx context.Context, db *sql.DB, f Filter, fn func(Event) error) error {
	q, args := selectSQL(f, nil, 0, queryOptions{})
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read audit events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return fmt.Errorf("read audit events: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read audit events: %w", err)
	}
	return nil
}

func scanEvent(rows *sql.Rows) (Event, error) {
	var e Event
	var t string
	var changes, requested, granted sql.NullString
	if err := rows.Scan(&e.ID, &t, &e.Actor, &e.ActorKind, &e.Action, &e.TargetID, &e.TargetName,
		&changes, &e.Outcome, &e.Reason, &requested, &granted, &e.RequestID, &e.ClientAddress); err != nil {
		return Event{}, err
	}
	e.Time = parseTime(t)
	if changes.Valid {
		if err := json.Unmarshal([]byte(changes.String), &e.Changes); err != nil {
			return Event{}, fmt.Errorf("event %d: changes: %w", e.ID, err)
		}
	}
	if requested.Valid {
		if err := json.Unmarshal([]byte(requested.String), &e.ScopesRequested); err != nil {
			return Event{}, fmt.Errorf("event %d: scopes requested: %w", e.ID, err)
		}
	}
	if granted.Valid {
		if err := json.Unmarshal([]byte(granted.String), &e.ScopesGranted); err != nil {
			return Event{}, fmt.Errorf("event %d: scopes granted: %w", e.ID, err)
		}
	}
	return e, nil
}
