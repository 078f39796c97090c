//go:build e2e

package e2e

import (
	"net/http"
	"regexp"
	"testing"
)

// The tenant API refuses a browser without a session, with a CREST body.
func TestTenantAPIRefusesAnonymousBrowser(t *testing.T) {
	page := newPage(t)
	resp := goTo(t, page, "/environment/scopes/service-accounts")
	if resp.Status() != http.StatusUnauthorized {
		t.Fatalf("status %d, want 401", resp.Status())
	}
	must(t, expect.Locator(page.Locator("body")).ToHaveText(regexp.MustCompile(`"code":\s*401`)), "CREST 401 body")
}
