package query

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/pingclone/aic-console/tenant/crest"
)

// TotalPolicy is _totalPagedResultsPolicy.
type TotalPolicy string

const (
	TotalNone     TotalPolicy = "NONE"
	TotalExact    TotalPolicy = "EXACT"
	TotalEstimate TotalPolicy = "ESTIMATE" // answered with the exact count
)

// SortKey is one _sortKeys entry: "name" ascending, "-name" descending.
type SortKey struct {
	Field      string
	Descending bool
}

func (k SortKey) String() string {
	if k.Descending {
		return "-" + k.Field
	}
	return k.Field
}

// Request is a CREST query request read from the URL parameters.
type Request struct {
	Filter      Filter
	PageSize    int    // 0: every result, unpaged
	Cookie      string // _pagedResultsCookie from a previous page
	Offset      int    // _pagedResultsOffset
	SortKeys    []SortKey
	Fields      []string // _fields; empty means every field
	TotalPolicy TotalPolicy
}

// ParseRequest reads a query request: _queryFilter (or _queryId=query-all /
// query-all-ids, meaning true), _pageSize, _pagedResultsCookie,
// _pagedResultsOffset, _sortKeys, _fields and _totalPagedResultsPolicy. Any
// bad parameter is a CREST 400 naming it in detail.field.
func ParseRequest(v url.Values) (Request, error) {
	var req Request
	var err error
	switch {
	case v.Has("_queryFilter"):
		if req.Filter, err = ParseFilter(v.Get("_queryFilter")); err != nil {
			return Request{}, err
		}
	case v.Has("_queryId"):
		switch id := v.Get("_queryId"); id {
		case "query-all", "query-all-ids":
			req.Filter = Literal{Value: true}
		default:
			return Request{}, paramError("_queryId", fmt.Sprintf("The query id '%s' is not supported; use _queryFilter", id))
		}
	case v.Has("_queryExpression"):
		return Request{}, paramError("_queryExpression", "Query expressions are not supported; use _queryFilter")
	default:
		return Request{}, paramError("_queryFilter", "The request must specify a _queryFilter (for example _queryFilter=true)")
	}
	if req.PageSize, err = intParam(v, "_pageSize", -1); err != nil {
		return Request{}, err
	}
	if req.Offset, err = intParam(v, "_pagedResultsOffset", -1); err != nil {
		return Request{}, err
	}
	req.Cookie = v.Get("_pagedResultsCookie")
	if req.SortKeys, err = ParseSortKeys(v.Get("_sortKeys")); err != nil {
		return Request{}, err
	}
	if req.Fields, err = ParseFields(v.Get("_fields")); err != nil {
		return Request{}, err
	}
	switch p := TotalPolicy(strings.ToUpper(v.Get("_totalPagedResultsPolicy"))); p {
	case "", TotalNone:
		req.TotalPolicy = TotalNone
	case TotalExact, TotalEstimate:
		req.TotalPolicy = p
	default:
		return Request{}, paramError("_totalPagedResultsPolicy", "The total paged results policy must be NONE, EXACT or ESTIMATE")
	}
	return req, nil
}

func paramError(name, msg string) *crest.Error {
	return crest.BadRequest(msg).WithDetail("field", name)
}

// intParam reads a non-negative integer parameter; max < 0 means unbounded.
func intParam(v url.Values, name string, max int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, paramError(name, fmt.Sprintf("The parameter %s must be a non-negative integer", name))
	}
	if max >= 0 && n > max {
		return 0, paramError(name, fmt.Sprintf("The parameter %s must be at most %d", name, max))
	}
	return n, nil
}

// ParseSortKeys reads "name,-description,+_id".
func ParseSortKeys(s string) ([]SortKey, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var keys []SortKey
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		var k SortKey
		switch {
		case strings.HasPrefix(part, "-"):
			k.Descending, part = true, part[1:]
		case strings.HasPrefix(part, "+"):
			part = part[1:]
		}
		f, ok := NormaliseField(part)
		if !ok {
			return nil, paramError("_sortKeys", fmt.Sprintf("The sort key '%s' is not a valid field", part))
		}
		k.Field = f
		keys = append(keys, k)
	}
	if len(keys) > 8 {
		return nil, paramError("_sortKeys", "At most 8 sort keys are allowed")
	}
	return keys, nil
}

// ParseFields reads _fields: a comma-separated list of fields; "" or "*"
// means every field.
func ParseFields(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []string
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "*" || part == "/*" {
			return nil, nil
		}
		f, ok := NormaliseField(part)
		if !ok {
			return nil, paramError("_fields", fmt.Sprintf("The field '%s' is not a valid field", part))
		}
		out = append(out, f)
	}
	return out, nil
}
