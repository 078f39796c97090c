package tenant

import (
	"fmt"
	"net/url"
	"strings"
)

// consoleBaseURLs checks Config.ConsoleURLs: each must be an absolute
// http(s) URL without query or fragment; they are returned without a
// trailing slash.
func consoleBaseURLs(raw []string) ([]string, error) {
	var out []string
	for _, r := range raw {
		r = strings.TrimRight(strings.TrimSpace(r), "/")
		if r == "" {
			continue
		}
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			return nil, fmt.Errorf("console URL %q: must be an absolute http(s) URL without query", r)
		}
		out = append(out, u.String())
	}
	return out, nil
}
