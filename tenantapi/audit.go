package tenantapi

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// The audit trail API (docs/AUDIT-API.md).
const (
	auditEventsPath   = "/environment/audit/events"
	auditExportPath   = "/environment/audit/events/export"
	auditActivityPath = "/environment/audit/service-accounts/"
)

// AuditChange is the before and after of one changed field.
type AuditChange struct {
	Before any `json:"before"`
	After  any `json:"after"`
}

// AuditEvent is one event of the audit trail.
type AuditEvent struct {
	ID              string                 `json:"_id"`
	Timestamp       time.Time              `json:"timestamp"`
	Actor           string                 `json:"actor"`
	ActorKind       string                 `json:"actorKind"`
	Action          string                 `json:"action"`
	TargetID        string                 `json:"targetId"`
	TargetName      string                 `json:"targetName"`
	Changes         map[string]AuditChange `json:"changes"`
	Outcome         string                 `json:"outcome"`
	Reason          string                 `json:"reason"`
	ScopesRequested []string               `json:"scopesRequested"`
	ScopesGranted   []string               `json:"scopesGranted"`
	RequestID       string                 `json:"requestId"`
	ClientAddress   string                 `json:"clientAddress"`
}

// AuditQuery filters the trail; zero fields select everything.
type AuditQuery struct {
	Account  string
	Actor    string
	Actions  []string
	Outcome  string
	From, To string // RFC 3339 times or YYYY-MM-DD dates, as the tenant takes them
	PageSize int
	Cookie   string
}

func (q AuditQuery) values() url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("account", q.Account)
	set("actor", q.Actor)
	for _, a := range q.Actions {
		v.Add("action", a)
	}
	set("outcome", q.Outcome)
	set("from", q.From)
	set("to", q.To)
	if q.PageSize > 0 {
		v.Set("_pageSize", strconv.Itoa(q.PageSize))
	}
	set("_pagedResultsCookie", q.Cookie)
	return v
}

// AuditPage is one page of events, newest first.
type AuditPage struct {
	Result             []AuditEvent `json:"result"`
	ResultCount        int          `json:"resultCount"`
	PagedResultsCookie *string      `json:"pagedResultsCookie"`
}

// NextCookie is the cookie of the next page, or "" on the last page.
func (p AuditPage) NextCookie() string {
	if p.PagedResultsCookie == nil {
		return ""
	}
	return *p.PagedResultsCookie
}

// AuditEvents reads one page of the trail.
func (c *Client) AuditEvents(ctx context.Context, token string, q AuditQuery) (AuditPage, error) {
	r, err := c.do(ctx, call{method: http.MethodGet, path: auditEventsPath, query: q.values(), token: token})
	if err != nil {
		return AuditPage{}, err
	}
	var out AuditPage
	return out, r.decode("read audit events", &out)
}

// Stamp is when and by whom.
type Stamp struct {
	Time time.Time `json:"time"`
	By   string    `json:"by"`
}

// AccountKey is the current key of an account.
type AccountKey struct {
	Thumbprints []string   `json:"thumbprints"`
	Since       time.Time  `json:"since"`
	AgeSeconds  int64      `json:"ageSeconds"`
	LastUsed    *time.Time `json:"lastUsed"`
}

// TokenRequest is the last granted or refused token request.
type TokenRequest struct {
	Time            time.Time `json:"time"`
	ScopesRequested []string  `json:"scopesRequested"`
	ScopesGranted   []string  `json:"scopesGranted"`
	Reason          string    `json:"reason"`
}

// Counts are token requests in the last 24 hours and 30 days.
type Counts struct {
	Last24h int `json:"last24h"`
	Last30d int `json:"last30d"`
}

// ScopeUse says whether integrations asked for a held scope in the window.
type ScopeUse struct {
	Scope         string     `json:"scope"`
	Requested     bool       `json:"requested"`
	Requests      int        `json:"requests"`
	LastRequested *time.Time `json:"lastRequested"`
	RequestedAs   []string   `json:"requestedAs"`
}

// RequestedScope is one scope name clients asked for in the window.
type RequestedScope struct {
	Scope         string    `json:"scope"`
	Requests      int       `json:"requests"`
	LastRequested time.Time `json:"lastRequested"`
	Held          bool      `json:"held"`
}

// AccountActivity is what the audit trail knows of one account.
type AccountActivity struct {
	ID              string           `json:"_id"`
	Name            string           `json:"name"`
	Exists          bool             `json:"exists"`
	Created         *Stamp           `json:"created"`
	LastModified    *Stamp           `json:"lastModified"`
	Deleted         *Stamp           `json:"deleted"`
	Key             *AccountKey      `json:"key"`
	LastGrant       *TokenRequest    `json:"lastGrant"`
	LastRefusal     *TokenRequest    `json:"lastRefusal"`
	Grants          Counts           `json:"grants"`
	Refusals        Counts           `json:"refusals"`
	Scopes          []ScopeUse       `json:"scopes"`
	RequestedScopes []RequestedScope `json:"requestedScopes"`
	WindowDays      int              `json:"windowDays"`
	AsOf            time.Time        `json:"asOf"`
}

// ScopeUse finds the usage of scope, if the account holds it.
func (a AccountActivity) ScopeUse(scope string) (ScopeUse, bool) {
	for _, s := range a.Scopes {
		if s.Scope == scope {
			return s, true
		}
	}
	return ScopeUse{}, false
}

// AccountActivity reads the activity of service account id.
func (c *Client) AccountActivity(ctx context.Context, token, id string) (AccountActivity, error) {
	r, err := c.do(ctx, call{method: http.MethodGet, path: auditActivityPath + url.PathEscape(id) + "/activity", token: token})
	if err != nil {
		return AccountActivity{}, err
	}
	var out AccountActivity
	return out, r.decode("read account activity", &out)
}

// ExportAuditEvents starts an export (format "csv" or "json") of the events q
// selects (paging fields ignored) and returns the tenant's answer with its
// body unread, to be streamed by the caller, who must close it. With the
// embedded tenant the body is piped as the tenant writes it, never held whole.
func (c *Client) ExportAuditEvents(ctx context.Context, token string, q AuditQuery, format string) (*http.Response, error) {
	q.PageSize, q.Cookie = 0, ""
	v := q.values()
	v.Set("format", format)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.BaseURL+auditExportPath+"?"+v.Encode(), nil)
	if err != nil {
		return nil, fmt.Errorf("build audit export request: %w", err)
	}
	req.Header.Set("Accept-API-Version", apiVersion)
	req.Header.Set("Authorization", "Bearer "+token)
	if ip := clientAddress(ctx); ip != "" {
		req.Header.Set("X-Forwarded-For", ip)
	}
	hc := *c.httpClient()
	hc.Transport = Streaming(hc.Transport)
	hc.Timeout = 0 // a large export may take longer than one API call
	resp, err := hc.Do(req)
	if err != nil {
		return nil, &UnreachableError{Op: "GET " + auditExportPath, Err: err}
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes))
		return nil, parseError("GET "+auditExportPath, resp.StatusCode, raw)
	}
	return resp, nil
}
