package tenant

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// FuzzTokenEndpoint throws arbitrary form bodies and assertions at the token
// endpoint: every answer must be a 4xx or 200 OAuth JSON body, never a 5xx.
// The seed corpus runs in plain `go test`; `go test -fuzz FuzzTokenEndpoint
// ./tenant/` explores further.
func FuzzTokenEndpoint(f *testing.F) {
	tn, clock := tkTenant(f)
	id := uuid.NewString()
	tkPutAccount(f, tn, id, "active", []string{"fr:idm:*", "fr:idc:esv:*"}, tkJWKS(f, []string{"k0"}, tkKey(f, 0)))
	valid := tkSign(f, tkKey(f, 0), "", tkClaims(id, clock.Now()))
	expired := tkSign(f, tkKey(f, 0), "k0", func() map[string]any {
		c := tkClaims(id, clock.Now().Add(-time.Hour))
		return c
	}())
	for _, body := range []string{
		tkForm(valid, "fr:idm:*").Encode(),
		tkForm(expired, "").Encode(),
		tkForm(valid, "fr:idc:federation:* fr:iga:*").Encode(),
		tkForm("a.b.c", "").Encode(),
		tkForm("eyJhbGciOiJub25lIn0.e30.", "").Encode(),
		"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&client_id=service-account&assertion=%FF%FE",
		"grant_type=&client_id=",
		"%zz",
		"",
		"grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&client_id=service-account&assertion=" + strings.Repeat("A", 70000),
		"grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&client_id=service-account&assertion=" + url.QueryEscape(`eyJhbGciOiJSUzI1NiJ9.eyJleHAiOnt9fQ.AAAA`),
	} {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		a := tkDo(t, tn.Handler(), http.MethodPost, "/am/oauth2/access_token", "", strings.NewReader(body), "application/x-www-form-urlencoded")
		if a.Status >= 500 {
			t.Fatalf("status %d for body %q: %s", a.Status, body, a.Body)
		}
		var answer map[string]any
		if err := json.Unmarshal([]byte(a.Body), &answer); err != nil {
			t.Fatalf("answer is not JSON: %q", a.Body)
		}
		if a.Status == http.StatusOK {
			if _, ok := answer["access_token"].(string); !ok {
				t.Fatalf("200 without access_token: %s", a.Body)
			}
			return
		}
		if _, ok := answer["error"].(string); !ok {
			t.Fatalf("error answer without error code: %s", a.Body)
		}
	})
}
