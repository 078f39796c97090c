package oauth

import "testing"

func TestNormalizeEndpoint(t *testing.T) {
	cases := map[string]string{
		"https://tenant.example.com/am/oauth2/access_token":      "https://tenant.example.com/am/oauth2/access_token",
		"https://tenant.example.com:443/am/oauth2/access_token":  "https://tenant.example.com/am/oauth2/access_token",
		"HTTPS://Tenant.Example.com/am/oauth2/access_token":      "https://tenant.example.com/am/oauth2/access_token",
		"http://127.0.0.1:80/am/oauth2/access_token":             "http://127.0.0.1/am/oauth2/access_token",
		"http://127.0.0.1:8080/am/oauth2/access_token":           "http://127.0.0.1:8080/am/oauth2/access_token",
		"https://tenant.example.com:80/am/oauth2/access_token":   "https://tenant.example.com:80/am/oauth2/access_token",
		"http://[::1]:80/am/oauth2/access_token":                 "http://[::1]/am/oauth2/access_token",
		"https://tenant.example.com/am/oauth2/access_token?x=1":  "",
		"https://tenant.example.com/am/oauth2/access_token#f":    "",
		"https://user@tenant.example.com/am/oauth2/access_token": "",
		"ftp://tenant.example.com/am/oauth2/access_token":        "",
		"/am/oauth2/access_token":                                "",
		"::::":                                                   "",
	}
	for in, want := range cases {
		if got := normalizeEndpoint(in); got != want {
			t.Errorf("normalizeEndpoint(%q) = %q, want %q", in, got, want)
		}
	}
}
