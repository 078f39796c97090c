package tenant

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pingclone/aic-console/tenant/audit"
	"github.com/pingclone/aic-console/tenant/store"
)

// BenchmarkAuditExportMemory exports a 100,000-event trail through the real
// route, as CSV and as JSON, and reports how much the process's memory grows
// while it streams: the Go heap (peak HeapAlloc over the collected baseline)
// and the resident set (peak VmRSS over the baseline; SQLite's page cache
// lives outside the Go heap). Target: under 20 MB, for exports several times
// that size.
func BenchmarkAuditExportMemory(b *testing.B) {
	ctx := context.Background()
	tn, err := New(ctx, Config{DataDir: b.TempDir(), BaseURL: "http://127.0.0.1:8080", Logger: tkLogger()})
	if err != nil {
		b.Fatal(err)
	}
	defer tn.Close()
	fillTrailForExport(b, tn, 100_000)
	session := addSession(b, tn.store, "alice", store.RoleTenantAdmin, time.Now())
	srv := httptest.NewServer(tn.Handler())
	defer srv.Close()

	for _, format := range []string{audit.FormatCSV, audit.FormatJSON} {
		b.Run(format, func(b *testing.B) {
			var heapGrowth, rssGrowth, size float64
			for b.Loop() {
				h, r, n := measureExport(b, srv.URL+"/environment/audit/events/export?format="+format, session)
				heapGrowth, rssGrowth, size = max(heapGrowth, h), max(rssGrowth, r), float64(n)
			}
			b.ReportMetric(heapGrowth, "heap-growth-MB")
			b.ReportMetric(rssGrowth, "rss-growth-MB")
			b.ReportMetric(size/(1<<20), "export-MB")
		})
	}
}

// measureExport downloads url while sampling memory; it returns the peak
// heap and RSS growth in MB and the bytes received.
func measureExport(b *testing.B, url, session string) (heapMB, rssMB float64, n int64) {
	b.Helper()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	baseHeap, baseRSS := ms.HeapAlloc, residentBytes()
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
			peakHeap, peakRSS = max(peakHeap, m.HeapAlloc), max(peakRSS, residentBytes())
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set(CookieName, session)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	n, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	close(stop)
	wg.Wait()
	if err != nil || resp.StatusCode != 200 {
		b.Fatalf("export: %d %v", resp.StatusCode, err)
	}
	mb := func(peak, base uint64) float64 {
		if peak < base {
			return 0
		}
		return float64(peak-base) / (1 << 20)
	}
	return mb(peakHeap, baseHeap), mb(peakRSS, baseRSS), n
}

// residentBytes is the process's resident set size (Linux), 0 elsewhere.
func residentBytes() uint64 {
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

func fillTrailForExport(b *testing.B, tn *Tenant, n int) {
	b.Helper()
	ctx := context.Background()
	t0 := time.Now().Add(-80 * 24 * time.Hour)
	err := tn.store.InTx(ctx, func(tx *sql.Tx) error {
		for i := 0; i < n; i++ {
			acct := fmt.Sprintf("6d8e4b6b-%04d-4000-8000-%012d", i%500, i%500)
			e := audit.Event{Time: t0.Add(time.Duration(i) * time.Minute), Actor: acct, ActorKind: audit.ActorServiceAccount,
				Action: audit.ActionTokenGranted, TargetID: acct, TargetName: fmt.Sprintf("ci-pipeline-%03d, \"prod\"", i%500),
				ScopesRequested: []string{"fr:am:*", "fr:idm:*"}, ScopesGranted: []string{"fr:am:*", "fr:idm:*"},
				RequestID: fmt.Sprintf("%08d-0000-4000-8000-000000000000", i), ClientAddress: "192.0.2.10"}
			if i%10 == 0 {
				e.Actor, e.ActorKind, e.Action = "alice", audit.ActorAdmin, audit.ActionUpdate
				e.ScopesRequested, e.ScopesGranted = nil, nil
				e.Changes = audit.Changes{"scopes": {Before: []string{"fr:am:*", "fr:idm:*"}, After: []string{"fr:am:*"}}}
			}
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
