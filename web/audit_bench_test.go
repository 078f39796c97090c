package web

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pingclone/aic-console/tenant"
	"github.com/pingclone/aic-console/tenant/audit"
	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/store"
)

// BenchmarkConsoleAuditExportMemory exports a 100,000-event trail through the
// console (browser → console → embedded tenant, piped) and reports the
// process's memory growth while it streams. Target: under 20 MB.
func BenchmarkConsoleAuditExportMemory(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	tn, err := tenant.New(ctx, tenant.Config{DataDir: dir, BaseURL: testBase, Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	defer tn.Close()
	a, err := newApp(Config{Tenant: tn.Handler(), BaseURL: testBase, DataDir: dir, KeyPool: testPool(), Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	if err := tn.Store().AddAdmin(ctx, store.Admin{Username: "sam", Role: store.RoleTenantAuditor, PasswordHash: "x"}); err != nil {
		b.Fatal(err)
	}
	tok, _, err := tn.Signer().Mint(auth.KindAdmin, "sam", store.RoleTenantAuditor, "openid", 24*time.Hour, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	fillConsoleTrail(b, tn, 100_000)
	srv := httptest.NewServer(a.echo(tn.Handler()))
	defer srv.Close()
	br := newBrowser(b, a, srv.Config.Handler)
	br.signInAs(tok, "sam", "tenant-auditor")
	base, _ := url.Parse(testBase + "/admin/")
	cookies := br.jar.Cookies(base)

	for _, format := range []string{"csv", "json"} {
		b.Run(format, func(b *testing.B) {
			var heap, rss, size float64
			for b.Loop() {
				h, r, n := measureDownload(b, srv.URL+"/admin/tenant-settings/audit/export?format="+format, cookies)
				heap, rss, size = max(heap, h), max(rss, r), float64(n)
			}
			b.ReportMetric(heap, "heap-growth-MB")
			b.ReportMetric(rss, "rss-growth-MB")
			b.ReportMetric(size/(1<<20), "export-MB")
		})
	}
}

func fillConsoleTrail(b *testing.B, tn *tenant.Tenant, n int) {
	b.Helper()
	ctx := context.Background()
	t0 := time.Now().Add(-80 * 24 * time.Hour)
	err := tn.Store().InTx(ctx, func(tx *sql.Tx) error {
		for i := 0; i < n; i++ {
			acct := fmt.Sprintf("6d8e4b6b-%04d-4000-8000-%012d", i%500, i%500)
			e := audit.Event{Time: t0.Add(time.Duration(i) * time.Minute), Actor: acct, ActorKind: audit.ActorServiceAccount,
				Action: audit.ActionTokenGranted, TargetID: acct, TargetName: fmt.Sprintf("ci-pipeline-%03d, \"prod\"", i%500),
				ScopesRequested: []string{"fr:am:*", "fr:idm:*"}, ScopesGranted: []string{"fr:am:*", "fr:idm:*"},
				RequestID: fmt.Sprintf("%08d-0000-4000-8000-000000000000", i), ClientAddress: "192.0.2.10"}
			if err := audit.Record(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// measureDownload GETs url with cookies while sampling memory; it returns the
// peak heap and RSS growth in MB and the bytes received.
func measureDownload(b *testing.B, url string, cookies []*http.Cookie) (heapMB, rssMB float64, n int64) {
	b.Helper()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	baseHeap, baseRSS := ms.HeapAlloc, rssBytes()
	var peakHeap, peakRSS uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peakHeap, peakRSS = max(peakHeap, m.HeapAlloc), max(peakRSS, rssBytes())
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	req, _ := http.NewRequest("GET", url, nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	n, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	close(stop)
	wg.Wait()
	if err != nil || resp.StatusCode != 200 || n < 1<<20 {
		b.Fatalf("export: %d, %d bytes, %v", resp.StatusCode, n, err)
	}
	mb := func(peak, base uint64) float64 {
		if peak < base {
			return 0
		}
		return float64(peak-base) / (1 << 20)
	}
	return mb(peakHeap, baseHeap), mb(peakRSS, baseRSS), n
}

func rssBytes() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
