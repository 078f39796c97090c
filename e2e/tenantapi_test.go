//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/pingclone/aic-console/tenantapi"
)

// apiClient talks to the tenant API from Go, as a script would.
var apiClient = &http.Client{Timeout: 15 * time.Second}

var adminTokens sync.Map // user name -> access token

// adminToken signs u in to the tenant API the way scripts and CLIs written for
// a real tenant do (TENANT-API.md §5, tenantapi.SignIn). Tokens are reused
// within one run of the suite.
func adminToken(t *testing.T, u user) string {
	t.Helper()
	if tok, ok := adminTokens.Load(u.Name); ok {
		return tok.(string)
	}
	tok, err := tenantapi.SignIn(context.Background(), apiClient, suite.baseURL, u.Name, u.Password)
	must(t, err, "sign %s in to the tenant API", u.Name)
	adminTokens.Store(u.Name, tok)
	return tok
}

// getJSON GETs path with an optional bearer token and decodes a 200 answer.
func getJSON(ctx context.Context, path, token string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, suite.baseURL+path, nil)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Accept-API-Version", "protocol=1.0,resource=1.0")
	return doJSON(req, http.StatusOK, v)
}

// doJSON sends req and decodes the answer into v when it has status want.
func doJSON(req *http.Request, want int, v any) error {
	resp, err := apiClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: status %d, want %d: %s", req.Method, req.URL.Path, resp.StatusCode, want, body)
	}
	if v == nil {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("%s %s: decode %s: %w", req.Method, req.URL.Path, body, err)
	}
	return nil
}

// apiStatus sends an arbitrary call and returns the status and body.
func apiStatus(t *testing.T, method, path, token string, body io.Reader) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, suite.baseURL+path, body)
	must(t, err, "build %s %s", method, path)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept-API-Version", "protocol=1.0,resource=1.0")
	resp, err := apiClient.Do(req)
	must(t, err, "%s %s", method, path)
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, string(b)
}

// getJSONT is getJSON for a test.
func getJSONT(t *testing.T, path, token string, v any) error {
	t.Helper()
	return getJSON(context.Background(), path, token, v)
}
