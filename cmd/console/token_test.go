package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/pingclone/aic-console/tenant/tenanttest"
)

func writeJWK(t *testing.T, key any) string {
	t.Helper()
	b, err := json.Marshal(jose.JSONWebKey{Key: key, Algorithm: "RS256"})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "key.jwk")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTokenCommand(t *testing.T) {
	f := tenanttest.New(t)
	acct, priv := f.NewServiceAccount(t, "cli", "fr:idm:*")
	keyPath := writeJWK(t, priv)
	runToken := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(append([]string{"token"}, args...), strings.NewReader(""), &out, &errOut)
		return code, out.String(), errOut.String()
	}

	code, out, errOut := runToken("--tenant-url", f.BaseURL, "--id", acct.ID, "--key", keyPath, "--scope", "fr:idm:*")
	token := strings.TrimSpace(out)
	if code != 0 || strings.Count(token, ".") != 2 {
		t.Fatalf("token: %d %q %q", code, out, errOut)
	}
	if res := f.Do(t, "GET", "/openidm/managed/alpha_user?_queryFilter=true", token, nil); res.Status != http.StatusOK {
		t.Fatalf("using the printed token: %s", res)
	}

	code, out, _ = runToken("--tenant-url", f.BaseURL, "--id", acct.ID, "--key", keyPath, "--json")
	var answer map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &answer) != nil || answer["scope"] != "fr:idm:*" || answer["expires_in"] != float64(899) {
		t.Fatalf("--json: %d %q", code, out)
	}

	pubPath := writeJWK(t, &priv.PublicKey)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"missing key file", []string{"--tenant-url", f.BaseURL, "--id", acct.ID, "--key", "/nonexistent/key.jwk"}, "read key file"},
		{"public key only", []string{"--tenant-url", f.BaseURL, "--id", acct.ID, "--key", pubPath}, "only a public key"},
		{"unsupported scope", []string{"--tenant-url", f.BaseURL, "--id", acct.ID, "--key", keyPath, "--scope", "fr:iga:*"}, "Unsupported scope for service account: fr:iga:*"},
		{"unknown account", []string{"--tenant-url", f.BaseURL, "--id", "nope", "--key", keyPath}, "invalid_grant"},
		{"no tenant url", []string{"--id", acct.ID, "--key", keyPath}, "--tenant-url is required"},
		{"bad tenant url", []string{"--tenant-url", "tenant.example.com", "--id", acct.ID, "--key", keyPath}, "absolute http(s) URL"},
		{"no id", []string{"--tenant-url", f.BaseURL, "--key", keyPath}, "--id is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runToken(tc.args...)
			if code != 1 || out != "" || !strings.Contains(errOut, tc.want) {
				t.Fatalf("%d out=%q err=%q, want %q", code, out, errOut, tc.want)
			}
		})
	}
}
