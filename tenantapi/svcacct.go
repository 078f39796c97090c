package tenantapi

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

const svcacctPath = "/openidm/managed/svcacct"

// ServiceAccount is the managed object svcacct (TENANT-API.md §1).
type ServiceAccount struct {
	ID            string   `json:"_id,omitempty"`
	Rev           string   `json:"_rev,omitempty"`
	Name          string   `json:"name"`
	Description   *string  `json:"description"`
	AccountStatus string   `json:"accountStatus,omitempty"`
	Scopes        []string `json:"scopes"`
	JWKS          string   `json:"jwks,omitempty"`
}

// Active reports whether the account's status is active.
func (a ServiceAccount) Active() bool { return strings.EqualFold(a.AccountStatus, "active") }

// NewServiceAccount is the body of a create call.
type NewServiceAccount struct {
	Name          string   `json:"name"`
	Description   *string  `json:"description"`
	AccountStatus string   `json:"accountStatus"`
	Scopes        []string `json:"scopes"`
	JWKS          string   `json:"jwks"`
}

// CreateServiceAccount creates an account: POST ?_action=create.
func (c *Client) CreateServiceAccount(ctx context.Context, token string, a NewServiceAccount) (ServiceAccount, error) {
	r, err := c.do(ctx, call{method: http.MethodPost, path: svcacctPath, query: url.Values{"_action": {"create"}}, token: token, body: a})
	if err != nil {
		return ServiceAccount{}, err
	}
	var out ServiceAccount
	return out, r.decode("create service account", &out)
}

// GetServiceAccount reads one account.
func (c *Client) GetServiceAccount(ctx context.Context, token, id string) (ServiceAccount, error) {
	r, err := c.do(ctx, call{method: http.MethodGet, path: svcacctPath + "/" + url.PathEscape(id), token: token})
	if err != nil {
		return ServiceAccount{}, err
	}
	var out ServiceAccount
	return out, r.decode("read service account", &out)
}

// PatchOperation is one JSON Patch-like CREST operation.
type PatchOperation struct {
	Operation string `json:"operation"`
	Field     string `json:"field"`
	Value     any    `json:"value"`
}

// Replace builds a replace operation on a top-level field.
func Replace(field string, value any) PatchOperation {
	return PatchOperation{Operation: "replace", Field: "/" + field, Value: value}
}

// PatchServiceAccount applies ops when the account is still at revision rev
// (412 otherwise); an empty rev patches whatever revision is current.
func (c *Client) PatchServiceAccount(ctx context.Context, token, id, rev string, ops []PatchOperation) (ServiceAccount, error) {
	r, err := c.do(ctx, call{method: http.MethodPatch, path: svcacctPath + "/" + url.PathEscape(id), token: token, body: ops, ifMatch: rev})
	if err != nil {
		return ServiceAccount{}, err
	}
	var out ServiceAccount
	return out, r.decode("patch service account", &out)
}

// DeleteServiceAccount deletes an account, at revision rev when rev is set.
func (c *Client) DeleteServiceAccount(ctx context.Context, token, id, rev string) (ServiceAccount, error) {
	r, err := c.do(ctx, call{method: http.MethodDelete, path: svcacctPath + "/" + url.PathEscape(id), token: token, ifMatch: rev})
	if err != nil {
		return ServiceAccount{}, err
	}
	var out ServiceAccount
	return out, r.decode("delete service account", &out)
}

// Query is a CREST query of service accounts.
type Query struct {
	Filter   string   // _queryFilter; empty means true
	PageSize int      // _pageSize; 0 means the tenant's default
	Cookie   string   // _pagedResultsCookie
	Offset   int      // _pagedResultsOffset
	SortKeys []string // _sortKeys, e.g. name or -name
	Fields   []string // _fields
	Exact    bool     // _totalPagedResultsPolicy=EXACT
}

// Page is the query envelope.
type Page struct {
	Result                  []ServiceAccount `json:"result"`
	ResultCount             int              `json:"resultCount"`
	PagedResultsCookie      *string          `json:"pagedResultsCookie"`
	TotalPagedResultsPolicy string           `json:"totalPagedResultsPolicy"`
	TotalPagedResults       int              `json:"totalPagedResults"`
	RemainingPagedResults   int              `json:"remainingPagedResults"`
}

// NextCookie is the cookie of the next page, or "" on the last page.
func (p Page) NextCookie() string {
	if p.PagedResultsCookie == nil {
		return ""
	}
	return *p.PagedResultsCookie
}

func (q Query) values() url.Values {
	v := url.Values{}
	f := q.Filter
	if f == "" {
		f = "true"
	}
	v.Set("_queryFilter", f)
	if q.PageSize > 0 {
		v.Set("_pageSize", strconv.Itoa(q.PageSize))
	}
	if q.Cookie != "" {
		v.Set("_pagedResultsCookie", q.Cookie)
	}
	if q.Offset > 0 {
		v.Set("_pagedResultsOffset", strconv.Itoa(q.Offset))
	}
	if len(q.SortKeys) > 0 {
		v.Set("_sortKeys", strings.Join(q.SortKeys, ","))
	}
	if len(q.Fields) > 0 {
		v.Set("_fields", strings.Join(q.Fields, ","))
	}
	if q.Exact {
		v.Set("_totalPagedResultsPolicy", "EXACT")
	}
	return v
}

// encode is q.values().Encode() (the same string, keys in sorted order)
// without building the map: the console's list runs it on every page.
func (q Query) encode() string {
	var b strings.Builder
	b.Grow(128 + len(q.Filter) + len(q.Cookie))
	add := func(k, v string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
	}
	if len(q.Fields) > 0 {
		add("_fields", strings.Join(q.Fields, ","))
	}
	if q.PageSize > 0 {
		add("_pageSize", strconv.Itoa(q.PageSize))
	}
	if q.Cookie != "" {
		add("_pagedResultsCookie", q.Cookie)
	}
	if q.Offset > 0 {
		add("_pagedResultsOffset", strconv.Itoa(q.Offset))
	}
	f := q.Filter
	if f == "" {
		f = "true"
	}
	add("_queryFilter", f)
	if len(q.SortKeys) > 0 {
		add("_sortKeys", strings.Join(q.SortKeys, ","))
	}
	if q.Exact {
		add("_totalPagedResultsPolicy", "EXACT")
	}
	return b.String()
}

// QueryServiceAccounts runs q.
func (c *Client) QueryServiceAccounts(ctx context.Context, token string, q Query) (Page, error) {
	r, err := c.do(ctx, call{method: http.MethodGet, path: svcacctPath, rawQuery: q.encode(), token: token})
	if err != nil {
		return Page{}, err
	}
	var out Page
	if q.PageSize > 0 && q.PageSize <= 100 {
		out.Result = make([]ServiceAccount, 0, q.PageSize) // no regrowing while decoding
	}
	return out, r.decode("query service accounts", &out)
}

// QuoteFilterValue quotes s as a CREST query filter string literal.
func QuoteFilterValue(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}
