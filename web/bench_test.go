package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/pingclone/aic-console/keys"
	"github.com/pingclone/aic-console/tenant/store"
	"github.com/pingclone/aic-console/tenantapi"
)

// BenchmarkConsole measures, in one run over real HTTP, the list page with
// 10,000 accounts (first page, a search, a late page) against a trivial Echo
// handler on the same server, and the create flow with the 4096-bit key pool.
// Two lines split the list's cost: the first page from a console whose
// tenant answers at once with canned bytes (the console's own share), and
// the tenant query alone, in process (the tenant's share).
// It prints p50/p99, requests per second and process CPU time per request
// (server and client; the CPU ratio is the rate the list would reach against
// the trivial handler on an otherwise idle machine); the run happens once whatever
// b.N is (its setup alone takes longer than the benchmark time).
//
//	make bench   (or: go test -run '^$' -bench BenchmarkConsole ./web/)
func BenchmarkConsole(b *testing.B) {
	if b.N > 1 {
		b.Skip("measured once per run")
	}
	const accounts = 10_000
	pool := keys.NewPool(DefaultKeyPoolSize, keys.Bits)
	defer pool.Close()
	hs := newHarness(b, Config{KeyPool: pool, PageSize: 10})
	hs.addAdmin(adminName, store.RoleTenantAdmin)
	tok := hs.token(adminName)
	seedAccounts(b, hs, tok, accounts)

	e := hs.h.(*echo.Echo)
	trivialHandler := func(c echo.Context) error { return c.String(http.StatusOK, "ok") }
	e.GET("/bench/trivial", trivialHandler)
	// The same trivial handler behind the console's middleware (headers,
	// session, CSRF cookie, sign-in check), as every console page is.
	e.GET("/admin/bench-trivial", trivialHandler, hs.a.securityHeaders, noStore, hs.a.loadSession, hs.a.csrf(), hs.a.requireSignIn)
	srv := httptest.NewServer(hs.h)
	defer srv.Close()

	br := newBrowser(b, hs.a, hs.h)
	br.signInAs(tok, adminName, store.RoleTenantAdmin)
	// A browser holds the CSRF cookie from its first console page on.
	br.get("/admin/service-accounts")
	u, _ := url.Parse(testBase + "/admin/")
	var cookies []string
	for _, c := range br.jar.Cookies(u) {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	cookie := strings.Join(cookies, "; ")

	// The cookie of a late page (page 900 of 1,000), as the Next link carries it.
	late, err := hs.api.QueryServiceAccounts(context.Background(), tok, tenantapi.Query{PageSize: 10, Offset: 8980, SortKeys: []string{"name"}, Fields: []string{"_id", "name", "accountStatus"}})
	if err != nil || late.NextCookie() == "" {
		b.Fatalf("late page cookie: %v", err)
	}
	latePath := "/admin/service-accounts?page=900&after=" + url.QueryEscape(late.NextCookie())

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	// The key pool fills in the background (seconds of CPU for 4096-bit
	// keys); measuring while it works would charge its CPU to the pages.
	waitFull := func() {
		deadline := time.Now().Add(60 * time.Second)
		for pool.Ready() < DefaultKeyPoolSize && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitFull()
	// The console alone: a second console whose tenant answers every call
	// with the bytes the real tenant gave for the first page, at once.
	firstPage := captureAnswer(b, hs.h, tok, "/openidm/managed/svcacct?_queryFilter=true&_pageSize=10&_sortKeys=name&_fields=_id,name,accountStatus")
	canned := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(firstPage)
	})
	ca, err := newApp(Config{Tenant: canned, BaseURL: testBase, DataDir: b.TempDir(), KeyPool: pool, PageSize: 10, Logger: hs.a.log})
	if err != nil {
		b.Fatal(err)
	}
	defer ca.close()
	csrv := httptest.NewServer(ca.echo(canned))
	defer csrv.Close()
	cbr := newBrowser(b, ca, ca.echo(canned))
	cbr.signInAs(tok, adminName, store.RoleTenantAdmin)
	cbr.get("/admin/service-accounts")
	var ccookies []string
	for _, c := range cbr.jar.Cookies(u) {
		ccookies = append(ccookies, c.Name+"="+c.Value)
	}

	// The scenarios run in interleaved rounds (each one window per round),
	// so that the trivial handler and the pages share whatever else the
	// machine is doing; each figure sums its rounds.
	const rounds = 3
	const window = time.Second
	const workers = 4
	type scenario struct {
		name, path, cookie, want string
		base                     string       // the server, if not the console under test
		fn                       func() error // instead of path: a call in process
		run                      loadRun
	}
	// The tenant's share: the same first-page query sent straight to the
	// embedded tenant through the in-process client (no console, no socket).
	q := tenantapi.Query{PageSize: 10, SortKeys: []string{"name"}, Fields: []string{"_id", "name", "accountStatus"}}
	scenarios := []*scenario{
		{name: "trivial Echo handler", path: "/bench/trivial", want: "ok"},
		{name: "trivial behind console middleware", path: "/admin/bench-trivial", cookie: cookie, want: "ok"},
		{name: "list: first page", path: "/admin/service-accounts", cookie: cookie, want: `data-testid="account-row"`},
		{name: "list: search name co \"acct-0042\"", path: "/admin/service-accounts?q=acct-0042", cookie: cookie, want: `data-testid="account-row"`},
		{name: "list: late page (900 of 1,000)", path: latePath, cookie: cookie, want: `data-testid="account-row"`},
		{name: "list: first page, tenant answer canned", base: csrv.URL, path: "/admin/service-accounts", cookie: strings.Join(ccookies, "; "), want: `data-testid="account-row"`},
		{name: "tenant query alone (in-process)", fn: func() error {
			_, err := hs.api.QueryServiceAccounts(context.Background(), tok, q)
			return err
		}},
	}
	for r := 0; r < rounds; r++ {
		for _, s := range scenarios {
			if s.fn != nil {
				s.run.add(loadFunc(b, workers, window, s.fn))
			} else {
				base := srv.URL
				if s.base != "" {
					base = s.base
				}
				s.run.add(load(b, client, base+s.path, s.cookie, workers, window, s.want))
			}
		}
	}
	out := os.Stdout
	fmt.Fprintf(out, "\nConsole benchmark: %d service accounts, %d concurrent clients, %d rounds of %s per scenario, GOMAXPROCS=%d\n", accounts, workers, rounds, window, runtimeProcs())
	fmt.Fprintf(out, "%-34s %10s %10s %10s %10s %10s %10s\n", "scenario", "req/s", "p50", "p99", "rate ratio", "CPU/req", "CPU ratio")
	trivial := scenarios[0].run.result()
	for _, s := range scenarios {
		r := s.run.result()
		r.print(out, s.name, trivial)
		if strings.HasPrefix(s.name, "list: ") && s.base == "" {
			b.ReportMetric(r.rps/trivial.rps*100, "%trivial-rate-"+strings.Fields(s.name)[1])
			b.ReportMetric(float64(trivial.cpu)/float64(r.cpu)*100, "%trivial-cpu-"+strings.Fields(s.name)[1])
		}
	}

	// Create flow: New Service Account page, Save (key from the pool), the
	// "successfully created" page. At an interactive pace the pool refills
	// between creates; a burst larger than the pool waits for key generation.
	waitFull()
	var paced, burst []time.Duration
	for i := 0; i < 8; i++ {
		waitFull()
		paced = append(paced, createOnce(b, client, srv.URL, cookie, fmt.Sprintf("bench-paced-%d", i)))
	}
	waitFull()
	for i := 0; i < DefaultKeyPoolSize+2; i++ {
		burst = append(burst, createOnce(b, client, srv.URL, cookie, fmt.Sprintf("bench-burst-%d", i)))
	}
	fmt.Fprintf(out, "create flow (form + Save + key page), pool of %d RSA-%d keys:\n", DefaultKeyPoolSize, keys.Bits)
	fmt.Fprintf(out, "  interactive pace (pool refilled):  p50 %v  max %v  (n=%d)\n", pct(paced, 50), pct(paced, 100), len(paced))
	fmt.Fprintf(out, "  burst of %d back to back:          p50 %v  max %v\n", len(burst), pct(burst, 50), pct(burst, 100))
	b.ReportMetric(float64(pct(paced, 50).Microseconds())/1000, "create-p50-ms")
}

// captureAnswer is the tenant's answer to GET path with the bearer token.
func captureAnswer(b testing.TB, h http.Handler, tok, path string) []byte {
	req := httptest.NewRequest(http.MethodGet, testBase+path, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Accept-API-Version", "protocol=1.0,resource=1.0")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"result"`) {
		b.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body.String())
	}
	return rec.Body.Bytes()
}

func runtimeProcs() int { return int(runtimeGOMAXPROCS()) }

type loadResult struct {
	rps      float64
	p50, p99 time.Duration
	cpu      time.Duration // process CPU time (server and client) per request
}

// loadRun is what one or more load windows measured.
type loadRun struct {
	lat     []time.Duration
	elapsed time.Duration
	cpu     time.Duration
}

func (r *loadRun) add(o loadRun) {
	r.lat = append(r.lat, o.lat...)
	r.elapsed += o.elapsed
	r.cpu += o.cpu
}

func (r loadRun) result() loadResult {
	n := max(len(r.lat), 1)
	return loadResult{rps: float64(len(r.lat)) / r.elapsed.Seconds(), p50: pct(r.lat, 50), p99: pct(r.lat, 99), cpu: r.cpu / time.Duration(n)}
}

func (r loadResult) print(w io.Writer, name string, base loadResult) {
	fmt.Fprintf(w, "%-34s %10.0f %10v %10v %9.1f%% %10v %9.1f%%\n", name, r.rps, r.p50.Round(time.Microsecond), r.p99.Round(time.Microsecond),
		r.rps/base.rps*100, r.cpu.Round(time.Microsecond), float64(base.cpu)/float64(r.cpu)*100)
}

// processCPU is the CPU time this process used so far (user + system).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadFunc calls fn from workers goroutines for window.
func loadFunc(b testing.TB, workers int, window time.Duration, fn func() error) loadRun {
	var (
		mu    sync.Mutex
		lat   []time.Duration
		fails atomic.Int64
		wg    sync.WaitGroup
	)
	stop := time.Now().Add(window)
	start := time.Now()
	cpu0 := processCPU()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(stop) {
				t0 := time.Now()
				if err := fn(); err != nil {
					fails.Add(1)
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := processCPU() - cpu0
	if n := fails.Load(); n > 0 {
		b.Fatalf("%d failed calls", n)
	}
	return loadRun{lat: lat, elapsed: elapsed, cpu: cpu}
}

// load sends GETs to target from workers clients for window and checks each
// answer is a 200 containing want.
func load(b testing.TB, client *http.Client, target, cookie string, workers int, window time.Duration, want string) loadRun {
	var (
		mu    sync.Mutex
		lat   []time.Duration
		fails atomic.Int64
		wg    sync.WaitGroup
	)
	stop := time.Now().Add(window)
	start := time.Now()
	cpu0 := processCPU()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			// The client reads every answer whole and checks it, into one
			// buffer per worker: it shares the machine with the server, and
			// its own garbage would be charged to the pages it measures.
			var body bytes.Buffer
			wantBytes := []byte(want)
			for time.Now().Before(stop) {
				req, _ := http.NewRequest(http.MethodGet, target, nil)
				if cookie != "" {
					req.Header.Set("Cookie", cookie)
				}
				// What browsers send on a navigation inside the console
				// (the CSRF check reads it).
				req.Header.Set("Sec-Fetch-Site", "same-origin")
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					fails.Add(1)
					continue
				}
				body.Reset()
				_, rerr := body.ReadFrom(resp.Body)
				resp.Body.Close()
				mine = append(mine, time.Since(t0))
				if rerr != nil || resp.StatusCode != http.StatusOK || !bytes.Contains(body.Bytes(), wantBytes) {
					fails.Add(1)
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := processCPU() - cpu0
	if n := fails.Load(); n > 0 {
		b.Fatalf("%s: %d failed requests", target, n)
	}
	return loadRun{lat: lat, elapsed: elapsed, cpu: cpu}
}

func createOnce(b *testing.B, client *http.Client, base, cookie, name string) time.Duration {
	t0 := time.Now()
	csrfPair := ""
	get := func(path string) string {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		req.Header.Set("Cookie", cookie)
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range resp.Cookies() {
			if c.Name == csrfCookie {
				csrfPair = c.Name + "=" + c.Value
			}
		}
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		return string(body)
	}
	page := get("/admin/service-accounts/new")
	doc := parse(b, page)
	form := url.Values{"csrf_token": {csrfFrom(b, doc)}, "name": {name}, "scopes": {"fr:idm:*"}}
	req, _ := http.NewRequest(http.MethodPost, base+"/admin/service-accounts/new", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", cookie+"; "+csrfPair)
	resp, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		b.Fatalf("create: %d", resp.StatusCode)
	}
	if !strings.Contains(get(resp.Header.Get("Location")), "Service account successfully created!") {
		b.Fatal("no success page")
	}
	return time.Since(t0)
}

// seedAccounts creates n accounts through the tenant API (names acct-00000...).
func seedAccounts(b testing.TB, hs *harness, tok string, n int) {
	jwks, _ := keys.PublicJWKS(seedKey(b))
	var wg sync.WaitGroup
	next := atomic.Int64{}
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				_, err := hs.api.CreateServiceAccount(context.Background(), tok, tenantapi.NewServiceAccount{
					Name: fmt.Sprintf("acct-%05d", i), AccountStatus: "active", Scopes: []string{"fr:idm:*"}, JWKS: jwks})
				if err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if b.Failed() {
		b.FailNow()
	}
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	if i < 1 {
		i = 1
	}
	if i > len(s) {
		i = len(s)
	}
	return s[i-1]
}
