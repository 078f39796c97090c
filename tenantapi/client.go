// Package tenantapi is the Go client of the tenant API (TENANT-API.md): the
// service account resource, the scope catalogue and the administrator's
// identity. The console, the CLI and tests use it; it knows nothing of Echo.
package tenantapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
)

// MaxResponseBytes bounds every answer the client reads.
const MaxResponseBytes = 8 << 20

// apiVersion is what real clients send on /environment calls.
const apiVersion = "protocol=1.0,resource=1.0"

// Client calls one tenant.
type Client struct {
	// BaseURL is the tenant's address for server-to-server calls, without a
	// trailing slash, e.g. http://127.0.0.1:8080.
	BaseURL string
	// HTTP sends the requests; nil means http.DefaultClient.
	HTTP *http.Client
}

// New returns a client of the tenant at baseURL that sends its requests with hc.
func New(baseURL string, hc *http.Client) *Client {
	return &Client{BaseURL: strings.TrimRight(baseURL, "/"), HTTP: hc}
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return http.DefaultClient
}

// call describes one request.
type call struct {
	method string
	path   string
	query  url.Values
	// rawQuery, when set, is the query already encoded (instead of query).
	rawQuery string
	token    string
	body     any
	ifMatch  string
	header   http.Header
}

// result is a successful answer.
type result struct {
	status int
	header http.Header
	body   []byte
}

// do sends cl and returns the answer for a 2xx status; any other status
// becomes an *Error, a transport failure an *UnreachableError.
func (c *Client) do(ctx context.Context, cl call) (*result, error) {
	u := c.BaseURL + cl.path
	if cl.rawQuery != "" {
		u += "?" + cl.rawQuery
	} else if len(cl.query) > 0 {
		u += "?" + cl.query.Encode()
	}
	var body io.Reader
	if cl.body != nil {
		raw, err := json.Marshal(cl.body)
		if err != nil {
			return nil, fmt.Errorf("encode %s %s body: %w", cl.method, cl.path, err)
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, u, body)
	if err != nil {
		return nil, fmt.Errorf("build %s %s: %w", cl.method, cl.path, err)
	}
	for k, vs := range cl.header {
		req.Header[k] = vs
	}
	req.Header.Set("Accept", "application/json")
	if ip := clientAddress(ctx); ip != "" {
		req.Header.Set("X-Forwarded-For", ip)
	}
	req.Header.Set("Accept-API-Version", apiVersion)
	if cl.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if cl.token != "" {
		req.Header.Set("Authorization", "Bearer "+cl.token)
	}
	if cl.ifMatch != "" {
		req.Header.Set("If-Match", quoteETag(cl.ifMatch))
	}
	resp, err := c.send(req)
	if err != nil {
		return nil, &UnreachableError{Op: cl.method + " " + cl.path, Err: err}
	}
	defer resp.Body.Close()
	raw, err := readBody(resp)
	if err != nil {
		return nil, &UnreachableError{Op: cl.method + " " + cl.path, Err: err}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, parseError(cl.method+" "+cl.path, resp.StatusCode, raw)
	}
	return &result{status: resp.StatusCode, header: resp.Header, body: raw}, nil
}

// send hands req to the tenant. The in-process transport gets it directly:
// do built req for this one call, so it is served as it is instead of being
// copied twice (by http.Client for redirects, by the transport for the
// tenant). API calls follow no redirect in either transport (the console's
// HTTP client refuses them too; the tenant API answers none).
func (c *Client) send(req *http.Request) (*http.Response, error) {
	hc := c.httpClient()
	if t, ok := hc.Transport.(inProcess); ok && hc.Jar == nil && hc.Timeout == 0 {
		return t.serve(req), nil
	}
	return hc.Do(req)
}

// readBody reads an answer of at most MaxResponseBytes (more is cut, as
// before, and then fails to decode); one from the in-process transport is
// already in memory and taken as it is.
func readBody(resp *http.Response) ([]byte, error) {
	if b, ok := resp.Body.(*inProcessBody); ok && b.Len() == len(b.raw) {
		if len(b.raw) > MaxResponseBytes {
			return b.raw[:MaxResponseBytes], nil
		}
		return b.raw, nil
	}
	if n := resp.ContentLength; n > 0 && n <= MaxResponseBytes {
		buf := bytes.NewBuffer(make([]byte, 0, n+1))
		_, err := buf.ReadFrom(io.LimitReader(resp.Body, MaxResponseBytes))
		return buf.Bytes(), err
	}
	return io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes))
}

// decode reads a JSON answer into v. It uses the encoding/json v2 decoder
// (github.com/go-json-experiment/json, the package planned to become
// encoding/json/v2): several times faster than encoding/json on the
// list's answers, and strict (exact member names, no duplicates, valid UTF-8).
func (r *result) decode(op string, v any) error {
	if err := jsonv2.Unmarshal(r.body, v); err != nil {
		return &Error{Op: op, Status: http.StatusBadGateway, Reason: "Bad Gateway", Message: "The tenant sent an answer that could not be read", cause: err}
	}
	return nil
}

func quoteETag(rev string) string {
	if rev == "*" || strings.HasPrefix(rev, `"`) {
		return rev
	}
	return `"` + rev + `"`
}
