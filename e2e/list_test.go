//go:build e2e

package e2e

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// Issue 4, item 6: search and paging over a few hundred accounts made
// through the API. Walking every page forward finds each account exactly
// once, in name order; Previous goes back; search narrows to one or none.
func TestSearchAndPaging(t *testing.T) {
	const total = 230
	prefix := uniqueName("bulk")
	key := newRSAKey(t)
	var want []string
	start := time.Now()
	for i := range total {
		name := fmt.Sprintf("%s-%03d", prefix, i)
		createThroughAPI(t, name, []string{"fr:idm:*"}, key)
		want = append(want, name)
	}
	t.Logf("created %d accounts through the API in %v", total, time.Since(start).Round(time.Millisecond))

	page := newPage(t)
	signIn(t, page, admin)
	openServiceAccounts(t, page)
	search(t, page, prefix)

	var seen []string
	var firstPage []string
	for pageNo := 1; ; pageNo++ {
		hasText(t, byTestID(page, "page-number"), fmt.Sprintf("Page %d", pageNo), "the page number")
		names, err := byTestID(page, "account-name").AllTextContents()
		must(t, err, "read the names on page %d", pageNo)
		if len(names) == 0 || len(names) > 10 {
			t.Fatalf("page %d shows %d rows, want 1 to 10", pageNo, len(names))
		}
		if pageNo == 1 {
			firstPage = names
		}
		seen = append(seen, names...)
		next := byTestID(page, "page-next")
		n, err := next.Count()
		must(t, err, "look for Next")
		if n == 0 {
			break
		}
		if pageNo > total {
			t.Fatal("Next never ends")
		}
		click(t, next, "Next")
		hasText(t, byTestID(page, "page-number"), fmt.Sprintf("Page %d", pageNo+1), "the next page number")
	}
	if !slices.Equal(seen, want) {
		t.Fatalf("walking the pages gave %d names (first %v), want the %d created, in name order", len(seen), head(seen), total)
	}

	// Previous from page 2 shows page 1 again.
	search(t, page, prefix)
	click(t, byTestID(page, "page-next"), "Next")
	hasText(t, byTestID(page, "page-number"), "Page 2", "page 2")
	click(t, byTestID(page, "page-prev"), "Previous")
	hasText(t, byTestID(page, "page-number"), "Page 1", "page 1 again")
	must(t, expect.Locator(byTestID(page, "account-name")).ToHaveText(firstPage), "page 1 shows the same rows")

	// One match; no match.
	one := want[123]
	search(t, page, one)
	must(t, expect.Locator(byTestID(page, "account-name")).ToHaveText([]string{one}), "searching %s finds it alone", one)
	search(t, page, prefix+"-none")
	visible(t, byTestID(page, "empty-state"), "the no-match message")
	containsText(t, byTestID(page, "empty-state"), "No service accounts match", "the no-match message")
	must(t, expect.Locator(byTestID(page, "account-row")).ToHaveCount(0), "no rows for a search without match")
}

func head(s []string) []string { return s[:min(len(s), 5)] }
