package tenantapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/pingclone/aic-console/tenantapi"
)

// A tenant answer as the wire reference shows it, with a member the client
// does not know (ignored).
const queryAnswer = `{"result":[{"_id":"a1","_rev":"3","name":"ci \u00e9","accountStatus":"active","extra":1},` +
	`{"_id":"b2","_rev":"1","name":"<b>","accountStatus":"inactive"}],"resultCount":2,` +
	`"pagedResultsCookie":"b2","totalPagedResultsPolicy":"NONE","totalPagedResults":-1,"remainingPagedResults":-1}`

func answering(status int, body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	})
}

// clients returns the in-process client and one over real HTTP (the
// --tenant-url mode) of the same handler.
func clients(t *testing.T, h http.Handler) map[string]*tenantapi.Client {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return map[string]*tenantapi.Client{
		"in-process": tenantapi.New("http://tenant.test", &http.Client{Transport: tenantapi.InProcess(h)}),
		"over HTTP":  tenantapi.New(srv.URL, srv.Client()),
	}
}

func TestBothTransportsReadTheSameAnswer(t *testing.T) {
	var pages []tenantapi.Page
	for name, c := range clients(t, answering(http.StatusOK, queryAnswer)) {
		p, err := c.QueryServiceAccounts(context.Background(), "tok", tenantapi.Query{PageSize: 10, SortKeys: []string{"name"}})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(p.Result) != 2 || p.Result[0].Name != "ci é" || !p.Result[0].Active() || p.Result[1].Active() || p.NextCookie() != "b2" {
			t.Fatalf("%s: %+v", name, p)
		}
		pages = append(pages, p)
	}
	if !reflect.DeepEqual(pages[0], pages[1]) {
		t.Fatalf("the transports disagree:\n%+v\n%+v", pages[0], pages[1])
	}
}

func TestUnreadableOrOversizedAnswersAreBadGateway(t *testing.T) {
	for what, body := range map[string]string{
		"not JSON":            `<html>oops</html>`,
		"truncated":           queryAnswer[:40],
		"duplicate member":    `{"result":[],"result":[]}`,
		"past the size limit": `{"result":[],"pad":"` + strings.Repeat("x", tenantapi.MaxResponseBytes) + `"}`,
	} {
		for name, c := range clients(t, answering(http.StatusOK, body)) {
			_, err := c.QueryServiceAccounts(context.Background(), "tok", tenantapi.Query{})
			if tenantapi.StatusOf(err) != http.StatusBadGateway {
				t.Errorf("%s, %s: err %v, want a 502 Error", what, name, err)
			}
		}
	}
}

// As an http.RoundTripper (the OAuth exchange uses it), the in-process
// transport leaves the caller's request as it was.
func TestInProcessRoundTripLeavesTheRequestAlone(t *testing.T) {
	var seen *http.Request
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r
		r.Header.Set("X-Changed-By-Handler", "1")
		w.WriteHeader(http.StatusNoContent)
	})
	req, _ := http.NewRequest(http.MethodGet, "http://tenant.test/openidm/info/login?x=1", nil)
	resp, err := tenantapi.InProcess(h).RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("%v %v", resp, err)
	}
	if seen == req || req.RequestURI != "" || req.RemoteAddr != "" || req.Header.Get("X-Changed-By-Handler") != "" {
		t.Fatal("the caller's request was changed")
	}
	if seen.RequestURI != "/openidm/info/login?x=1" || seen.RemoteAddr == "" || seen.Host != "tenant.test" {
		t.Fatalf("the handler's request is not a server request: %q %q %q", seen.RequestURI, seen.RemoteAddr, seen.Host)
	}
}
