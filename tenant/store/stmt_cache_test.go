package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/pingclone/aic-console/tenant/crest/query"
)

// Queries of more shapes than the statement cache holds still answer
// correctly, the cache stays bounded, and a repeated shape sees new data.
func TestQueryStatementCacheIsBoundedAndFresh(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	for i := range 3 {
		if _, err := s.CreateSvcAcct(ctx, "seed", sample(fmt.Sprintf("acct-%02d", i))); err != nil {
			t.Fatal(err)
		}
	}
	for i := range maxCachedStatements + 10 {
		// Values are bound arguments; each count of terms is its own SQL.
		filter := `name co "acct"` + strings.Repeat(` or name eq "x"`, i)
		f, err := query.ParseFilter(filter)
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := s.QuerySvcAccts(ctx, query.Request{Filter: f, PageSize: 10})
		if err != nil || len(got) != 3 {
			t.Fatalf("shape %d: %d rows, %v", i, len(got), err)
		}
	}
	if n := len(s.queries.stmts); n > maxCachedStatements {
		t.Fatalf("%d cached statements", n)
	}
	f, _ := query.ParseFilter(`name co "acct"`)
	if _, err := s.CreateSvcAcct(ctx, "seed", sample("acct-new")); err != nil {
		t.Fatal(err)
	}
	got, _, err := s.QuerySvcAccts(ctx, query.Request{Filter: f, PageSize: 10})
	if err != nil || len(got) != 4 {
		t.Fatalf("after a create: %d rows, %v", len(got), err)
	}
}
