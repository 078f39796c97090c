//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/mxschmitt/playwright-go"
)

// axeViolation is one rule axe-core found broken, with where.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// runAxe is evaluated in the page: axe-core's WCAG 2.x A/AA and best-practice
// rules, keeping serious and critical violations.
const runAxe = `async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\s+/g, ' '))}));
}`

// checkAccessibility injects axe-core into the current page and fails the
// test on any serious or critical violation, naming rule and elements.
func checkAccessibility(t *testing.T, page playwright.Page, what string) {
	t.Helper()
	_, err := page.AddScriptTag(playwright.PageAddScriptTagOptions{Path: playwright.String(suite.axeJS)})
	must(t, err, "inject axe-core into %s", what)
	raw, err := page.Evaluate(runAxe)
	must(t, err, "run axe-core on %s", what)
	b, _ := json.Marshal(raw)
	var found []axeViolation
	must(t, json.Unmarshal(b, &found), "read axe-core's answer")
	if len(found) == 0 {
		return
	}
	var sb strings.Builder
	for _, v := range found {
		fmt.Fprintf(&sb, "\n  [%s] %s: %s", v.Impact, v.ID, v.Help)
		for _, n := range v.Nodes {
			fmt.Fprintf(&sb, "\n      %s", n)
		}
	}
	t.Errorf("%s (%s): %d serious or critical accessibility violation(s):%s", what, page.URL(), len(found), sb.String())
}

// Issue 4, item 14: axe-core finds no serious or critical violation on any
// page of the console (list, create, created, edit, regenerate, delete and
// the rest) nor on the tenant's sign-in page.
func TestAccessibility(t *testing.T) {
	page := newPage(t, func(o *playwright.BrowserNewContextOptions) {
		o.BypassCSP = playwright.Bool(true) // axe-core is injected as a script tag
	})
	tour(t, page, uniqueName("tour")+"-", func(name string) { checkAccessibility(t, page, name) })
}
