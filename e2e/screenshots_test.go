//go:build e2e && screenshots

package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mxschmitt/playwright-go"
)

// TestScreenshots saves one screenshot per page of the console into
// $E2E_SCREENSHOTS_DIR (make screenshots: docs/screenshots/).
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("E2E_SCREENSHOTS_DIR")
	if dir == "" {
		t.Fatal("E2E_SCREENSHOTS_DIR is not set; run `make screenshots`")
	}
	must(t, os.MkdirAll(dir, 0o755), "create %s", dir)
	page := newPage(t, func(o *playwright.BrowserNewContextOptions) {
		o.Viewport = &playwright.Size{Width: 1280, Height: 800}
	})
	n := 0
	tour(t, page, "", func(name string) {
		n++
		path := filepath.Join(dir, name+".png")
		_, err := page.Screenshot(playwright.PageScreenshotOptions{Path: playwright.String(path), FullPage: playwright.Bool(true)})
		must(t, err, "screenshot %s", name)
	})
	t.Logf("saved %d screenshots in %s", n, dir)
}
