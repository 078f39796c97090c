package query

import (
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
	// Values stay raw until their type is known: strings decode as strings,
	// numbers keep their text (json.Number), as a UseNumber decoder would.
	var c struct {
		Sort   string            `json:"s"`
		Values []json.RawMessage `json:"v"`
	}
	if err := json.Unmarshal(raw, &c); err != nil || c.Sort != sort || len(c.Values) != len(types) {
		return nil, badCookie()
	}
	out := make([]any, len(types))
	for i, v := range c.Values {
		switch t := types[i]; {
		case string(v) == "null":
			out[i] = nil
		case t == String:
			var s string
			if len(v) == 0 || v[0] != '"' || json.Unmarshal(v, &s) != nil {
				return nil, badCookie()
			}
			out[i] = s
		default: // Number, Boolean
			if len(v) == 0 || v[0] == '"' {
				return nil, badCookie()
			}
			var n json.Number
			if json.Unmarshal(v, &n) != nil {
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
