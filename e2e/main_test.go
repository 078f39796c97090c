//go:build e2e

package e2e

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mxschmitt/playwright-go"
)

// Users the suite creates with `console admin add` before the server starts.
type user struct{ Name, Password, Role string }

var (
	admin   = user{Name: "e2e-admin", Role: "tenant-admin"}
	admin2  = user{Name: "e2e-admin2", Role: "tenant-admin"}
	auditor = user{Name: "e2e-auditor", Role: "tenant-auditor"}
)

// suite is what TestMain starts once for all tests.
var suite struct {
	baseURL  string
	dataDir  string
	browser  playwright.Browser
	pw       *playwright.Playwright
	axeJS    string
	serverLg string
}

// artifactsDir keeps a failing test's screenshot and HTML (git-ignored).
const artifactsDir = "artifacts"

func TestMain(m *testing.M) {
	code, err := runSuite(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func runSuite(m *testing.M) (int, error) {
	tmp, err := os.MkdirTemp("", "console-e2e-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)

	bin := filepath.Join(tmp, "console")
	build := exec.Command("go", "build", "-o", bin, "./cmd/console")
	build.Dir = ".."
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return 0, fmt.Errorf("build the console: %w", err)
	}

	suite.dataDir = filepath.Join(tmp, "data")
	for _, u := range []*user{&admin, &admin2, &auditor} {
		u.Password = randomPassword()
		if err := addUser(bin, suite.dataDir, *u); err != nil {
			return 0, err
		}
	}

	suite.serverLg = filepath.Join(tmp, "server.log")
	stop, err := startServer(bin, suite.dataDir, suite.serverLg)
	if err != nil {
		return 0, err
	}
	defer stop()

	if suite.axeJS, err = locateAxe(); err != nil {
		return 0, err
	}
	if err := startBrowser(); err != nil {
		return 0, err
	}
	defer suite.pw.Stop()
	defer suite.browser.Close()

	code := m.Run()
	if code != 0 {
		keepServerLog()
	}
	return code, nil
}

func randomPassword() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "pw-" + hex.EncodeToString(b)
}

// addUser runs `console admin add NAME --role ROLE --data DIR` with the
// password on standard input, as an operator would.
func addUser(bin, data string, u user) error {
	cmd := exec.Command(bin, "admin", "add", u.Name, "--role", u.Role, "--data", data)
	cmd.Stdin = strings.NewReader(u.Password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("console admin add %s: %w: %s", u.Name, err, out)
	}
	return nil
}

var servingLine = regexp.MustCompile(`Serving on (http://\S+)`)

// startServer starts `console serve` on a free loopback port and learns the
// port from its "Serving on http://..." line.
func startServer(bin, data, logPath string) (stop func(), err error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", data)
	cmd.Stderr = logFile
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the console: %w", err)
	}
	stop = func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		logFile.Close()
	}
	found := make(chan string, 1)
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			fmt.Fprintln(logFile, sc.Text())
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case suite.baseURL = <-found:
		return stop, nil
	case <-exited:
	case <-time.After(30 * time.Second):
	}
	stop()
	log, _ := os.ReadFile(logPath)
	return nil, fmt.Errorf("the console did not say where it serves:\n%s", log)
}

func keepServerLog() {
	if err := os.MkdirAll(artifactsDir, 0o755); err != nil {
		return
	}
	if b, err := os.ReadFile(suite.serverLg); err == nil {
		_ = os.WriteFile(filepath.Join(artifactsDir, "server.log"), b, 0o644)
	}
}

// chromiumArgs keep Chromium from reaching out to the internet (there is none
// here) and from waiting on it.
var chromiumArgs = []string{
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--no-first-run", "--disable-quic",
}

func startBrowser() error {
	driverDir, err := locateDriver()
	if err != nil {
		return err
	}
	suite.pw, err = playwright.Run(&playwright.RunOptions{
		SkipInstallBrowsers: true, DriverDirectory: driverDir, Stdout: io.Discard,
	})
	if err != nil {
		return fmt.Errorf("start Playwright (run `make e2e-deps`): %w", err)
	}
	chromium := envOr("E2E_CHROMIUM", "/usr/bin/chromium")
	suite.browser, err = suite.pw.Chromium.Launch(playwright.BrowserTypeLaunchOptions{
		ExecutablePath: playwright.String(chromium),
		Headless:       playwright.Bool(true),
		Args:           chromiumArgs,
	})
	if err != nil {
		_ = suite.pw.Stop()
		return fmt.Errorf("launch %s (run `make e2e-deps`): %w", chromium, err)
	}
	return nil
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// locateDriver finds the driver `make e2e-deps` prepared; the Makefile passes
// it as PLAYWRIGHT_DRIVER_PATH, and a bare `go test -tags e2e` finds it in the
// cache folder.
func locateDriver() (string, error) {
	if d := os.Getenv("PLAYWRIGHT_DRIVER_PATH"); d != "" {
		return d, nil
	}
	return newestInCache("playwright-driver-*")
}

func locateAxe() (string, error) {
	if f := os.Getenv("E2E_AXE_JS"); f != "" {
		return f, nil
	}
	dir, err := newestInCache("axe-core-*")
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "axe.min.js"), nil
}

func newestInCache(pattern string) (string, error) {
	matches, _ := filepath.Glob(filepath.Join("..", ".cache", "e2e", pattern))
	if len(matches) == 0 {
		return "", errors.New("nothing prepared in .cache/e2e: run `make e2e-deps` (or `make e2e`)")
	}
	sort.Strings(matches)
	return filepath.Abs(matches[len(matches)-1])
}

// Browser side of each test.

// expect waits by itself (up to its timeout) for a condition to hold.
var expect = playwright.NewPlaywrightAssertions(10_000)

// newPage gives the test its own browser context and page, closed when the
// test ends; a failing test leaves a screenshot and the page's HTML behind.
// Options may adjust the context (e.g. BypassCSP for injecting axe-core).
func newPage(t *testing.T, options ...func(*playwright.BrowserNewContextOptions)) playwright.Page {
	t.Helper()
	opts := playwright.BrowserNewContextOptions{
		BaseURL:         playwright.String(suite.baseURL),
		AcceptDownloads: playwright.Bool(true),
		Locale:          playwright.String("en-US"),
	}
	for _, o := range options {
		o(&opts)
	}
	ctx, err := suite.browser.NewContext(opts)
	if err != nil {
		t.Fatalf("new browser context: %v", err)
	}
	ctx.SetDefaultTimeout(15_000)
	page, err := ctx.NewPage()
	if err != nil {
		_ = ctx.Close()
		t.Fatalf("new page: %v", err)
	}
	seq := contextSeq.Add(1)
	t.Cleanup(func() {
		if t.Failed() {
			saveArtifacts(t, ctx, seq)
		}
		_ = ctx.Close()
	})
	return page
}

// contextSeq tells apart the contexts of one test in artifact names.
var contextSeq atomic.Int64

// saveArtifacts keeps a screenshot and the HTML of every page of ctx.
func saveArtifacts(t *testing.T, ctx playwright.BrowserContext, seq int64) {
	if err := os.MkdirAll(artifactsDir, 0o755); err != nil {
		t.Logf("artifacts: %v", err)
		return
	}
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	for i, page := range ctx.Pages() {
		base := filepath.Join(artifactsDir, fmt.Sprintf("%s-c%d-p%d", name, seq, i))
		if _, err := page.Screenshot(playwright.PageScreenshotOptions{
			Path: playwright.String(base + ".png"), FullPage: playwright.Bool(true),
		}); err != nil {
			t.Logf("screenshot: %v", err)
		}
		if html, err := page.Content(); err == nil {
			_ = os.WriteFile(base+".html", []byte(html), 0o644)
		}
		t.Logf("saved %s.png and .html (page at %s)", base, page.URL())
	}
}

// must fails the test at once on err; msg says what was being done or checked.
func must(t *testing.T, err error, msg string, args ...any) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", fmt.Sprintf(msg, args...), err)
	}
}

// goTo opens path (relative to the server) and returns the main response.
func goTo(t *testing.T, page playwright.Page, path string) playwright.Response {
	t.Helper()
	resp, err := page.Goto(path)
	must(t, err, "open %s", path)
	return resp
}
