package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/pingclone/aic-console/tenant/scopes"
)

// ErrNoActivity means neither the account nor any event about it exists.
var ErrNoActivity = errors.New("no such service account and no events about it")

// UsageWindow is how far back scope usage and the longer grant count look.
const UsageWindow = 30 * 24 * time.Hour

// Stamp is when and by whom.
type Stamp struct {
	Time time.Time `json:"-"`
	By   string    `json:"by"`
}

func (s Stamp) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Time string `json:"time"`
		By   string `json:"by"`
	}{FormatTimestamp(s.Time), s.By})
}

// KeyInfo describes the account's current key.
type KeyInfo struct {
	Thumbprints []string   `json:"thumbprints"`
	Since       time.Time  `json:"-"` // when the key was set (created or regenerated)
	AgeSeconds  int64      `json:"ageSeconds"`
	LastUsed    *time.Time `json:"-"` // last token granted since the key was set
}

func (k KeyInfo) MarshalJSON() ([]byte, error) {
	type plain KeyInfo
	return json.Marshal(struct {
		plain
		Since    string  `json:"since"`
		LastUsed *string `json:"lastUsed"`
	}{plain(k), FormatTimestamp(k.Since), timestampPtr(k.LastUsed)})
}

// TokenRequest is the last granted or refused token request.
type TokenRequest struct {
	Time            time.Time `json:"-"`
	ScopesRequested []string  `json:"scopesRequested"`
	ScopesGranted   []string  `json:"scopesGranted"`
	Reason          string    `json:"reason,omitempty"`
}

func (t TokenRequest) MarshalJSON() ([]byte, error) {
	type plain TokenRequest
	p := plain(t)
	if p.ScopesRequested == nil {
		p.ScopesRequested = []string{}
	}
	if p.ScopesGranted == nil {
		p.ScopesGranted = []string{}
	}
	return json.Marshal(struct {
		Time string `json:"time"`
		plain
	}{FormatTimestamp(t.Time), p})
}

// Counts are numbers of token requests in the last 24 hours and 30 days.
type Counts struct {
	Last24h int `json:"last24h"`
	Last30d int `json:"last30d"`
}

// ScopeUse says whether integrations asked, in the last 30 days, for a scope
// the account holds (directly, or for a child scope it covers).
type ScopeUse struct {
	Scope         string     `json:"scope"`
	Requested     bool       `json:"requested"`
	Requests      int        `json:"requests"` // token requests in the window that needed this scope
	LastRequested *time.Time `json:"-"`
	RequestedAs   []string   `json:"requestedAs"` // the scope names clients sent
}

func (u ScopeUse) MarshalJSON() ([]byte, error) {
	type plain ScopeUse
	p := plain(u)
	if p.RequestedAs == nil {
		p.RequestedAs = []string{}
	}
	return json.Marshal(struct {
		plain
		LastRequested *string `json:"lastRequested"`
	}{p, timestampPtr(u.LastRequested)})
}

// RequestedScope is one scope name clients asked for in the window.
type RequestedScope struct {
	Scope         string    `json:"scope"`
	Requests      int       `json:"requests"`
	LastRequested time.Time `json:"-"`
	Held          bool      `json:"held"` // the account holds it or a parent of it
}

func (r RequestedScope) MarshalJSON() ([]byte, error) {
	type plain RequestedScope
	return json.Marshal(struct {
		plain
		LastRequested string `json:"lastRequested"`
	}{plain(r), FormatTimestamp(r.LastRequested)})
}

// Activity is what the audit trail knows of one service account.
type Activity struct {
	AccountID       string           `json:"_id"`
	Name            string           `json:"name"`
	Exists          bool             `json:"exists"`
	Created         *Stamp           `json:"created"`
	LastModified    *Stamp           `json:"lastModified"`
	Deleted         *Stamp           `json:"deleted"`
	Key             *KeyInfo         `json:"key"`
	LastGrant       *TokenRequest    `json:"lastGrant"`
	LastRefusal     *TokenRequest    `json:"lastRefusal"`
	Grants          Counts           `json:"grants"`
	Refusals        Counts           `json:"refusals"`
	Scopes          []ScopeUse       `json:"scopes"`
	RequestedScopes []RequestedScope `json:"requestedScopes"`
	WindowDays      int              `json:"windowDays"`
	AsOf            time.Time        `json:"-"`
}

func (a Activity) MarshalJSON() ([]byte, error) {
	type plain Activity
	p := plain(a)
	if p.Scopes == nil {
		p.Scopes = []ScopeUse{}
	}
	if p.RequestedScopes == nil {
		p.RequestedScopes = []RequestedScope{}
	}
	return json.Marshal(struct {
		plain
		AsOf string `json:"asOf"`
	}{p, FormatTimestamp(a.AsOf)})
}

func timestampPtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := FormatTimestamp(*t)
	return &s
}

// AccountActivity gathers the activity of service account id as of now.
func AccountActivity(ctx context.Context, db *sql.DB, id string, now time.Time) (Activity, error) {
	a := Activity{AccountID: id, AsOf: now, WindowDays: int(UsageWindow / (24 * time.Hour))}
	held, jwks, err := a.readAccount(ctx, db)
	if err != nil {
		return Activity{}, err
	}
	if err := a.readChanges(ctx, db); err != nil {
		return Activity{}, err
	}
	if !a.Exists && a.Created == nil && a.Deleted == nil && a.LastModified == nil {
		// No record and no change event: maybe token events only (an unknown ID).
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM audit_events WHERE target_id = ?`, id).Scan(&n); err != nil {
			return Activity{}, fmt.Errorf("activity of %s: %w", id, err)
		}
		if n == 0 {
			return Activity{}, ErrNoActivity
		}
	}
	if err := a.readTokens(ctx, db, now); err != nil {
		return Activity{}, err
	}
	if a.Exists {
		if err := a.readKey(ctx, db, jwks, now); err != nil {
			return Activity{}, err
		}
	}
	if err := a.readScopeUse(ctx, db, held, now); err != nil {
		return Activity{}, err
	}
	return a, nil
}

// readAccount reads the live record, if the account still exists.
func (a *Activity) readAccount(ctx context.Context, db *sql.DB) (held []string, jwks string, err error) {
	var name, scopesJSON, created, createdBy, modified, modifiedBy string
	err = db.QueryRowContext(ctx, `SELECT name, scopes, jwks, created_at, created_by, modified_at, modified_by
		FROM svcaccts WHERE id = ?`, a.AccountID).Scan(&name, &scopesJSON, &jwks, &created, &createdBy, &modified, &modifiedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("activity of %s: read account: %w", a.AccountID, err)
	}
	if err := json.Unmarshal([]byte(scopesJSON), &held); err != nil {
		return nil, "", fmt.Errorf("activity of %s: account scopes: %w", a.AccountID, err)
	}
	a.Exists, a.Name = true, name
	a.Created = &Stamp{Time: parseTime(created), By: createdBy}
	a.LastModified = &Stamp{Time: parseTime(modified), By: modifiedBy}
	return held, jwks, nil
}

var changeActions = []any{ActionCreate, ActionUpdate, ActionStatus, ActionRegenerateKey, ActionDelete}

// readChanges fills what the record cannot tell (a deleted account) from the
// change events still retained.
func (a *Activity) readChanges(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT time, actor, action, target_name FROM audit_events
		WHERE target_id = ? AND action IN (?, ?, ?, ?, ?) ORDER BY time, seq`, append([]any{a.AccountID}, changeActions...)...)
	if err != nil {
		return fmt.Errorf("activity of %s: changes: %w", a.AccountID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var t, actor, action, name string
		if err := rows.Scan(&t, &actor, &action, &name); err != nil {
			return fmt.Errorf("activity of %s: changes: %w", a.AccountID, err)
		}
		if a.Exists {
			continue // the record is authoritative
		}
		s := &Stamp{Time: parseTime(t), By: actor}
		a.Name = name
		switch action {
		case ActionCreate:
			a.Created = s
		case ActionDelete:
			a.Deleted = s
		default:
			a.LastModified = s
		}
	}
	return rows.Err()
}

func (a *Activity) readTokens(ctx context.Context, db *sql.DB, now time.Time) error {
	var err error
	if a.LastGrant, err = lastToken(ctx, db, a.AccountID, ActionTokenGranted); err != nil {
		return err
	}
	if a.LastRefusal, err = lastToken(ctx, db, a.AccountID, ActionTokenRefused); err != nil {
		return err
	}
	if a.Grants, err = countTokens(ctx, db, a.AccountID, ActionTokenGranted, now); err != nil {
		return err
	}
	a.Refusals, err = countTokens(ctx, db, a.AccountID, ActionTokenRefused, now)
	return err
}

func lastToken(ctx context.Context, db *sql.DB, id, action string) (*TokenRequest, error) {
	var t, reason string
	var requested, granted sql.NullString
	err := db.QueryRowContext(ctx, `SELECT time, reason, scopes_requested, scopes_granted FROM audit_events
		WHERE target_id = ? AND action = ? ORDER BY time DESC, seq DESC LIMIT 1`, id, action).
		Scan(&t, &reason, &requested, &granted)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("activity of %s: last %s: %w", id, action, err)
	}
	tr := &TokenRequest{Time: parseTime(t), Reason: reason}
	if requested.Valid {
		_ = json.Unmarshal([]byte(requested.String), &tr.ScopesRequested)
	}
	if granted.Valid {
		_ = json.Unmarshal([]byte(granted.String), &tr.ScopesGranted)
	}
	return tr, nil
}

func countTokens(ctx context.Context, db *sql.DB, id, action string, now time.Time) (Counts, error) {
	var c Counts
	err := db.QueryRowContext(ctx, `SELECT
		  count(*) FILTER (WHERE time >= ?),
		  count(*)
		FROM audit_events WHERE target_id = ? AND action = ? AND time >= ? AND time <= ?`,
		formatTime(now.Add(-24*time.Hour)), id, action, formatTime(now.Add(-UsageWindow)), formatTime(now)).
		Scan(&c.Last24h, &c.Last30d)
	if err != nil {
		return Counts{}, fmt.Errorf("activity of %s: count %s: %w", id, action, err)
	}
	return c, nil
}

// readKey finds when the current key was set: the last change event that
// touched the key, or the account's creation when no such event is retained.
func (a *Activity) readKey(ctx context.Context, db *sql.DB, jwks string, now time.Time) error {
	k := &KeyInfo{Thumbprints: Thumbprints(jwks), Since: a.Created.Time}
	var t string
	err := db.QueryRowContext(ctx, `SELECT time FROM audit_events
		WHERE target_id = ? AND action IN (?, ?, ?) AND json_extract(changes, '$.`+FieldKeys+`') IS NOT NULL
		ORDER BY time DESC, seq DESC LIMIT 1`, a.AccountID, ActionCreate, ActionUpdate, ActionRegenerateKey).Scan(&t)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return fmt.Errorf("activity of %s: key: %w", a.AccountID, err)
	default:
		k.Since = parseTime(t)
	}
	k.AgeSeconds = int64(max(now.Sub(k.Since), 0) / time.Second)
	if a.LastGrant != nil && !a.LastGrant.Time.Before(k.Since) {
		used := a.LastGrant.Time
		k.LastUsed = &used
	}
	a.Key = k
	return nil
}

// readScopeUse counts, per scope name, the token requests of the window that
// asked for it (granted or refused: either way an integration depends on it).
// A request that named no scope counts for the scopes it was granted.
func (a *Activity) readScopeUse(ctx context.Context, db *sql.DB, held []string, now time.Time) error {
	rows, err := db.QueryContext(ctx, `SELECT j.value, count(*), max(e.time)
		FROM audit_events e, json_each(CASE WHEN coalesce(e.scopes_requested, '[]') = '[]'
		                                    THEN e.scopes_granted ELSE e.scopes_requested END) j
		WHERE e.target_id = ? AND e.action IN (?, ?) AND e.time >= ? AND e.time <= ?
		GROUP BY j.value`,
		a.AccountID, ActionTokenGranted, ActionTokenRefused, formatTime(now.Add(-UsageWindow)), formatTime(now))
	if err != nil {
		return fmt.Errorf("activity of %s: scope use: %w", a.AccountID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r RequestedScope
		var t string
		if err := rows.Scan(&r.Scope, &r.Requests, &t); err != nil {
			return fmt.Errorf("activity of %s: scope use: %w", a.AccountID, err)
		}
		r.LastRequested = parseTime(t)
		r.Held = scopes.CoveredBy(held, r.Scope)
		a.RequestedScopes = append(a.RequestedScopes, r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("activity of %s: scope use: %w", a.AccountID, err)
	}
	sort.Slice(a.RequestedScopes, func(i, j int) bool {
		return a.RequestedScopes[i].LastRequested.After(a.RequestedScopes[j].LastRequested)
	})
	for _, h := range held {
		u := ScopeUse{Scope: h}
		for _, r := range a.RequestedScopes {
			if !scopes.Covers(h, r.Scope) {
				continue
			}
			u.Requested = true
			u.Requests += r.Requests
			u.RequestedAs = append(u.RequestedAs, r.Scope)
			if u.LastRequested == nil || r.LastRequested.After(*u.LastRequested) {
				t := r.LastRequested
				u.LastRequested = &t
			}
		}
		a.Scopes = append(a.Scopes, u)
	}
	return nil
}
