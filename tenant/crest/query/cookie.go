package query

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
)

// A paged results cookie is opaque to clients. Inside it is the position after
// the last row of the page: that row's sort values and key (keyset paging), so
// a late page costs what the first one does. It also carries the sort order it
// belongs to; a cookie used with another order is refused.
type cookie struct {
	Sort   string `json:"s"`
	Values []any  `json:"v"`
}

func encodeCookie(sort string, values []any) (string, error) {
	b, err := json.Marshal(cookie{Sort: sort, Values: values})
	if err != nil {
		return "", fmt.Errorf("encode paged results cookie: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func badCookie() error {
	return paramError("_pagedResultsCookie", "The paged results cookie is not valid for this query")
}

// decodeCookie reads a cookie made for sort, whose values have the given types.
func decodeCookie(s, sort string, types []Type) ([]any, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, badCookie()
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var c cookie
	if err := dec.Decode(&c); err != nil || c.Sort != sort || len(c.Values) != len(types) {
		return nil, badCookie()
	}
	out := make([]any, len(types))
	for i, v := range c.Values {
		switch t := types[i]; {
		case v == nil:
			out[i] = nil
		case t == String:
			s, ok := v.(string)
			if !ok {
				return nil, badCookie()
			}
			out[i] = s
		default: // Number, Boolean
			n, ok := v.(json.Number)
			if !ok {
				return nil, badCookie()
			}
			if iv, err := n.Int64(); err == nil {
				out[i] = iv
			} else if fv, err := n.Float64(); err == nil {
				out[i] = fv
			} else {
				return nil, badCookie()
			}
		}
	}
	return out, nil
}
