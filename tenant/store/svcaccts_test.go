package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pingclone/aic-console/tenant/crest/query"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func sample(name string) SvcAcct {
	return SvcAcct{Name: name, AccountStatus: "active", Scopes: []string{"fr:am:*"}, JWKS: `{"keys":[]}`}
}

func TestSvcAcctStoreWrites(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a, err := s.CreateSvcAcct(ctx, "alice", sample("one"))
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.Rev == "" || a.CreatedBy != "alice" || a.ModifiedBy != "alice" || a.CreatedAt.IsZero() {
		t.Fatalf("created %+v", a)
	}
	if _, err := s.CreateSvcAcct(ctx, "alice", SvcAcct{ID: a.ID, Name: "dup", AccountStatus: "active", JWKS: "{}"}); !errors.Is(err, ErrExists) {
		t.Errorf("create with an id in use: %v", err)
	}
	if _, err := s.GetSvcAcct(ctx, "missing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("get missing: %v", err)
	}

	next := sample("renamed")
	next.ID = a.ID
	_, _, err = s.ReplaceSvcAcct(ctx, "bob", next, Precondition{Rev: "stale"})
	var stale *StaleRevisionError
	if !errors.As(err, &stale) || !errors.Is(err, ErrStaleRevision) || stale.Current != a.Rev {
		t.Fatalf("stale replace: %v", err)
	}
	r, created, err := s.ReplaceSvcAcct(ctx, "bob", next, Precondition{Rev: a.Rev})
	if err != nil || created || r.Rev == a.Rev || r.Name != "renamed" || r.ModifiedBy != "bob" || r.CreatedBy != "alice" {
		t.Fatalf("replace: %+v %v %v", r, created, err)
	}
	if _, _, err := s.ReplaceSvcAcct(ctx, "bob", next, Precondition{MustNotExist: true}); !errors.Is(err, ErrExists) {
		t.Errorf("If-None-Match on existing: %v", err)
	}

	refused := errors.New("refused by validation")
	if _, err := s.PatchSvcAcct(ctx, "carol", a.ID, Precondition{}, func(cur SvcAcct) (SvcAcct, error) {
		cur.Name = "never stored"
		return cur, refused
	}); !errors.Is(err, refused) {
		t.Errorf("patch error: %v", err)
	}
	if got, _ := s.GetSvcAcct(ctx, a.ID); got.Name != "renamed" || got.Rev != r.Rev {
		t.Errorf("a refused patch changed the record: %+v", got)
	}
	p, err := s.PatchSvcAcct(ctx, "carol", a.ID, Precondition{Rev: r.Rev}, func(cur SvcAcct) (SvcAcct, error) {
		cur.AccountStatus = "inactive"
		return cur, nil
	})
	if err != nil || p.AccountStatus != "inactive" || p.Rev == r.Rev || p.ModifiedBy != "carol" {
		t.Fatalf("patch: %+v %v", p, err)
	}

	if _, err := s.DeleteSvcAcct(ctx, "dave", a.ID, Precondition{Rev: r.Rev}); !errors.Is(err, ErrStaleRevision) {
		t.Errorf("stale delete: %v", err)
	}
	gone, err := s.DeleteSvcAcct(ctx, "dave", a.ID, Precondition{Rev: p.Rev})
	if err != nil || gone.ID != a.ID {
		t.Fatalf("delete: %+v %v", gone, err)
	}
	if _, err := s.GetSvcAcct(ctx, a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("read after delete: %v", err)
	}
	if _, err := s.DeleteSvcAcct(ctx, "dave", a.ID, Precondition{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("delete missing: %v", err)
	}
}

// TestSvcAcctQueryPlansUseIndexes checks, with EXPLAIN QUERY PLAN, that the
// pages the console asks for are index range reads: a late page by cookie
// seeks instead of scanning, and a name prefix search reads the folded index.
func TestSvcAcctQueryPlansUseIndexes(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	for i := range 30 {
		if _, err := s.CreateSvcAcct(ctx, "seed", sample(fmt.Sprintf("acct-%02d", i))); err != nil {
			t.Fatal(err)
		}
	}
	cookieFor := func(sortKeys string) string {
		keys, err := query.ParseSortKeys(sortKeys)
		if err != nil {
			t.Fatal(err)
		}
		_, page, err := s.QuerySvcAccts(ctx, query.Request{Filter: query.Literal{Value: true}, SortKeys: keys, PageSize: 10})
		if err != nil || page.Cookie == "" {
			t.Fatalf("first page: %v", err)
		}
		return page.Cookie
	}
	cases := []struct {
		name, filter, sortKeys string
		cookie                 bool
		want                   string
	}{
		{"late page by name", "true", "name", true, "USING INDEX svcaccts_by_name ((name,id)>(?,?))"},
		{"late page by -name", "true", "-name", true, "USING INDEX svcaccts_by_name ((name,id)<(?,?))"},
		{"late page by id", "true", "", true, "USING INDEX sqlite_autoindex_svcaccts_1 (id>?)"},
		{"name prefix search", `name sw "Acct-1"`, "", false, "USING INDEX svcaccts_by_name_folded (name_folded>? AND name_folded<?)"},
		{"status and name", `accountStatus eq "active"`, "name", false, "USING INDEX svcaccts_by_status (account_status=?)"},
		// The console's search: the name index carries name_folded, so the
		// substring test reads index entries, not account rows.
		{"name substring search by name", `name co "cct-1"`, "name", false, "SCAN svcaccts USING INDEX svcaccts_by_name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := query.ParseFilter(c.filter)
			if err != nil {
				t.Fatal(err)
			}
			keys, _ := query.ParseSortKeys(c.sortKeys)
			req := query.Request{Filter: f, SortKeys: keys, PageSize: 10}
			if c.cookie {
				req.Cookie = cookieFor(c.sortKeys)
			}
			sqlText, args, err := SvcAcctQuerySchema.PageSQL(req, svcacctColumns)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := s.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+sqlText, args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			all := strings.Join(plan, " | ")
			if !strings.Contains(all, c.want) {
				t.Errorf("plan %q, want it to contain %q\n%s", all, c.want, sqlText)
			}
			if c.cookie && strings.Contains(all, "TEMP B-TREE") {
				t.Errorf("a keyset page sorts in a temporary b-tree: %q", all)
			}
		})
	}
}

// TestSvcAcctListPageReadsIndexOnly checks that the console's list page
// (_fields=_id,name,accountStatus by name), first and late, is answered from
// the name index alone (migration 0009), never reading account rows.
func TestSvcAcctListPageReadsIndexOnly(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	for i := range 30 {
		if _, err := s.CreateSvcAcct(ctx, "seed", sample(fmt.Sprintf("acct-%02d", i))); err != nil {
			t.Fatal(err)
		}
	}
	fields := []string{"_id", "name", "accountStatus"}
	req := query.Request{Filter: query.Literal{Value: true}, SortKeys: []query.SortKey{{Field: "name"}}, PageSize: 10, Fields: fields}
	_, page, err := s.QuerySvcAccts(ctx, req)
	if err != nil || page.Cookie == "" {
		t.Fatalf("first page: %v", err)
	}
	for _, cookie := range []string{"", page.Cookie} {
		req.Cookie = cookie
		sqlText, args, err := SvcAcctQuerySchema.PageSQL(req, svcacctQueryColumns(fields).names)
		if err != nil {
			t.Fatal(err)
		}
		if plan := explain(t, s, sqlText, args); !strings.Contains(plan, "USING COVERING INDEX svcaccts_by_name") || strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("cookie %q: plan %q", cookie, plan)
		}
	}
}
