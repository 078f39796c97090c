package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pingclone/aic-console/tenant/crest/query"
)

// trickyNames are names whose folding, bytes or SQL meaning could make an
// index disagree with the exact test: LIKE wildcards, quotes, backslashes,
// letters whose lower case differs in length (İ, ẞ), final sigma, CJK,
// emoji, repeated trigrams, short names and spaces.
var trickyNames = []string{
	"Acct-0042", "acct-00420", "ACCT-00421", "acct-0043",
	"100% done", "under_score", "a%b_c", "%%%", "___", `quote "me" now`, `back\slash`, "it's here",
	"ÉLAN vital", "élan", "Straße", "STRASSE", "ẞIG", "İstanbul", "ΣΊΣΥΦΟΣ", "σίσυφος", "日本語テスト", "emoji 🚀 rocket",
	"aaaa", "aaaaaaa", "abcabcabc", "x", "xy", "  padded  ", "tab\there", "mixed CASE Deploy",
}

// "svc-0" has two grams naming 40 accounts each: the merge of two lists.
var trickyNeedles = []string{
	"acct-0042", "ACCT", "cct-004", "100%", "%", "%%", "%%%", "_", "r_s", "a%b", "%b_", `"me"`, `e "m`, `\sl`, `k\s`,
	"'s ", "élan", "ÉLAN", "lan", "straße", "STRASSE", "strasse", "ßig", "İST", "i̇st", "ist", "σίσ", "ΣΊΣ", "ΦΟΣ", "日本語", "本語テ",
	"🚀 r", "aaa", "aaaa", "aaaaaaa", "aaaaaaaa", "abcabc", "bca", "svc", "svc-1", "SVC-01", "svc-0", "vc-0", "c-0", "DEPLOY", "ploy", "  p", "\th",
	"x", "xy", "", "nomatch-zzz", "d ", " ",
}

// seedTrigramAccounts stores the tricky names and ordinary ones, so that some
// needles match many accounts.
func seedTrigramAccounts(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	for i, name := range trickyNames {
		a := sample(name)
		if i%3 == 0 {
			a.AccountStatus = "inactive"
		}
		if i%4 == 0 {
			d := "about " + name
			a.Description = &d
		}
		if _, err := s.CreateSvcAcct(ctx, "seed", a); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 40 {
		a := sample(fmt.Sprintf("svc-%03d-%s", (i*37)%40, []string{"build", "Deploy", "backup"}[i%3]))
		if i%5 == 0 {
			a.AccountStatus = "inactive"
		}
		if _, err := s.CreateSvcAcct(ctx, "seed", a); err != nil {
			t.Fatal(err)
		}
	}
}

// schemaVariants are the service account schema read in sort order only
// (the reference), always through the trigram index, and with a candidate
// limit so small that broad needles fall back to the scan.
func schemaVariants() (scan, indexed, tinyLimit *query.Schema) {
	scan, indexed, tinyLimit = copySchema(), copySchema(), copySchema()
	f := scan.Fields["name"]
	f.Trigrams = nil
	scan.Fields["name"] = f
	indexed.CandidateLimit = -1
	tinyLimit.CandidateLimit = 3
	return scan, indexed, tinyLimit
}

func copySchema() *query.Schema {
	c := *SvcAcctQuerySchema
	c.Fields = make(map[string]query.Field, len(SvcAcctQuerySchema.Fields))
	for k, v := range SvcAcctQuerySchema.Fields {
		c.Fields[k] = v
	}
	return &c
}

// walk reads every page of req (following cookies) and returns, per page,
// the ids and the cookie, plus the total on the first page.
func walk(t *testing.T, s *Store, schema *query.Schema, req query.Request) []string {
	t.Helper()
	var out []string
	for pages := 0; ; pages++ {
		if pages > 500 {
			t.Fatal("no last page")
		}
		var ids []string
		page, err := schema.Run(context.Background(), s.queries, req, []string{"id"}, func(scan func(dest ...any) error) error {
			var id string
			if err := scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
			return nil
		})
		if err != nil {
			t.Fatalf("%+v: %v", req, err)
		}
		out = append(out, fmt.Sprintf("ids=%s cookie=%s total=%d policy=%s", strings.Join(ids, ","), page.Cookie, page.Total, page.Policy))
		if page.Cookie == "" || req.PageSize == 0 {
			return out
		}
		req.Cookie = page.Cookie
	}
}

// TestSvcAcctTrigramIndexAnswersAsTheScan runs the same queries through the
// trigram index and by reading in sort order, and requires identical pages,
// cookies and totals: the index only chooses which rows are read.
func TestSvcAcctTrigramIndexAnswersAsTheScan(t *testing.T) {
	s := openTest(t)
	seedTrigramAccounts(t, s)
	compareTrigramPaths(t, s)

	// Writes keep the index exact: renames (through the store and with plain
	// SQL, as an operator might), deletes and new accounts.
	ctx := context.Background()
	all, _, err := s.QuerySvcAccts(ctx, query.Request{Filter: query.Literal{Value: true}})
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range all {
		switch i % 10 {
		case 0:
			next := a
			next.Name = "Renamed ÉLAN " + a.Name
			if _, _, err := s.ReplaceSvcAcct(ctx, "t", next, Precondition{}); err != nil {
				t.Fatal(err)
			}
		case 1:
			if _, err := s.DeleteSvcAcct(ctx, "t", a.ID, Precondition{}); err != nil {
				t.Fatal(err)
			}
		case 2:
			name := "sql-" + a.Name + "-deploy"
			if _, err := s.db.ExecContext(ctx, `UPDATE svcaccts SET name = ?, name_folded = ? WHERE id = ?`, name, query.Fold(name), a.ID); err != nil {
				t.Fatal(err)
			}
		case 3:
			if _, err := s.CreateSvcAcct(ctx, "t", sample("new "+a.Name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	compareTrigramPaths(t, s)
}

func compareTrigramPaths(t *testing.T, s *Store) {
	t.Helper()
	checkTrigramTables(t, s)
	scan, indexed, tinyLimit := schemaVariants()
	type shape struct {
		filter      string
		conjunctive bool // every accepted row satisfies the co term
	}
	type variant struct {
		sortKeys string
		size     int
		total    query.TotalPolicy
		offset   int
	}
	variants := []variant{
		{"name", 0, query.TotalNone, 0}, {"name", 3, query.TotalExact, 0}, {"-name", 4, query.TotalNone, 2},
		{"", 50, query.TotalExact, 0}, {"-_id", 6, query.TotalNone, 0}, {"description,name", 5, query.TotalNone, 0},
	}
	usedIndex := 0
	for _, needle := range trickyNeedles {
		lit := quoteFilter(needle)
		shapes := []shape{
			{"name co " + lit, true},
			{`name co ` + lit + ` and accountStatus eq "active"`, true},
			{`accountStatus eq "inactive" and (name co ` + lit + ` and name co "a")`, true},
			{`name co ` + lit + ` or name eq "x"`, false},
			{`!(name co ` + lit + `)`, false},
		}
		for _, sh := range shapes {
			f, err := query.ParseFilter(sh.filter)
			if err != nil {
				t.Fatalf("%s: %v", sh.filter, err)
			}
			_, _, ok, err := indexed.IndexedPageSQL(query.Request{Filter: f, PageSize: 7}, []string{"id"})
			if err != nil {
				t.Fatal(err)
			}
			wantIndex := sh.conjunctive && utf8.RuneCountInString(query.Fold(needle)) >= query.MinTrigramNeedle
			if ok != wantIndex {
				t.Errorf("%s: trigram index used %v, want %v", sh.filter, ok, wantIndex)
			}
			if !ok {
				continue // the same statement either way
			}
			usedIndex++
			for _, v := range variants {
				keys, err := query.ParseSortKeys(v.sortKeys)
				if err != nil {
					t.Fatal(err)
				}
				req := query.Request{Filter: f, SortKeys: keys, PageSize: v.size, TotalPolicy: v.total, Offset: v.offset}
				want := walk(t, s, scan, req)
				for name, schema := range map[string]*query.Schema{"indexed": indexed, "tiny limit": tinyLimit, "default": SvcAcctQuerySchema} {
					if got := walk(t, s, schema, req); !reflect.DeepEqual(got, want) {
						t.Errorf("%s, %+v: %s path\n got %q\nwant %q", sh.filter, v, name, got, want)
					}
				}
			}
		}
	}
	if usedIndex == 0 {
		t.Fatal("no query went through the trigram index")
	}

	// The reference itself: name co N, unpaged by name, is exactly the names
	// holding the folded needle, in name order.
	var rows []SvcAcct
	all, _, err := s.QuerySvcAccts(context.Background(), query.Request{Filter: query.Literal{Value: true}})
	if err != nil {
		t.Fatal(err)
	}
	rows = all
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Name != rows[j].Name {
			return rows[i].Name < rows[j].Name
		}
		return rows[i].ID < rows[j].ID
	})
	for _, needle := range trickyNeedles {
		var want []string
		for _, a := range rows {
			if strings.Contains(query.Fold(a.Name), query.Fold(needle)) {
				want = append(want, a.ID)
			}
		}
		f, _ := query.ParseFilter("name co " + quoteFilter(needle))
		got := walk(t, s, indexed, query.Request{Filter: f, SortKeys: []query.SortKey{{Field: "name"}}})
		if exp := fmt.Sprintf("ids=%s cookie= total=-1 policy=NONE", strings.Join(want, ",")); got[0] != exp {
			t.Errorf("name co %q: got %s\nwant %s", needle, got[0], exp)
		}
	}
}

// checkTrigramTables recomputes the trigram postings and counts from the
// stored names (query.Trigrams, in Go) and requires the tables the triggers
// keep to equal them.
func checkTrigramTables(t *testing.T, s *Store) {
	t.Helper()
	read := func(q string) map[string]int {
		rows, err := s.db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				t.Fatal(err)
			}
			out[k] = n
		}
		return out
	}
	// Keyed by seq and name, so equal names stay apart.
	names := read(`SELECT seq || ':' || name_folded, seq FROM svcaccts`)
	for _, ix := range []struct {
		n                int
		postings, counts string
	}{{3, "svcaccts_name_trigrams", "svcaccts_name_trigram_counts"}, {4, "svcaccts_name_quadgrams", "svcaccts_name_quadgram_counts"}} {
		wantPostings, wantCounts := map[string]int{}, map[string]int{}
		for key, seq := range names {
			_, name, _ := strings.Cut(key, ":")
			for _, g := range query.Grams(name, ix.n) {
				wantPostings[fmt.Sprintf("%s@%d", g, seq)] = 1
				wantCounts[g]++
			}
		}
		if got := read(`SELECT trigram || '@' || seq, 1 FROM ` + ix.postings); !reflect.DeepEqual(got, wantPostings) {
			t.Errorf("%s: %d stored, %d expected", ix.postings, len(got), len(wantPostings))
		}
		if got := read(`SELECT trigram, accounts FROM ` + ix.counts); !reflect.DeepEqual(got, wantCounts) {
			t.Errorf("%s differ from the names:\n got %v\nwant %v", ix.counts, got, wantCounts)
		}
	}
}

// quoteFilter quotes s as a CREST filter string literal.
func quoteFilter(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// TestSvcAcctTrigramQueryPlan checks that a search through the index reads
// the candidate rows by rowid (no walk of a name index).
func TestSvcAcctTrigramQueryPlan(t *testing.T) {
	s := openTest(t)
	seedTrigramAccounts(t, s)
	for _, c := range []struct{ needle, table string }{
		{"acct-0042", "svcaccts_name_quadgrams"}, // four characters or more
		{"t-0", "svcaccts_name_trigrams"},
	} {
		f, _ := query.ParseFilter(`name co "` + c.needle + `"`)
		for _, cookie := range []bool{false, true} {
			req := query.Request{Filter: f, SortKeys: []query.SortKey{{Field: "name"}}, PageSize: 1}
			if cookie {
				_, page, err := s.QuerySvcAccts(context.Background(), req)
				if err != nil || page.Cookie == "" {
					t.Fatalf("first page: %v %+v", err, page)
				}
				req.Cookie = page.Cookie
			}
			sqlText, args, ok, err := SvcAcctQuerySchema.IndexedPageSQL(req, svcacctColumns)
			if err != nil || !ok {
				t.Fatalf("indexed SQL: %v %v", ok, err)
			}
			plan := explain(t, s, sqlText, args)
			for _, want := range []string{"SEARCH svcaccts USING INTEGER PRIMARY KEY (rowid=?)", "MERGE (INTERSECT)", "SEARCH " + c.table + " USING PRIMARY KEY (trigram=?)"} {
				if !strings.Contains(plan, want) {
					t.Errorf("plan %q, want it to contain %q", plan, want)
				}
			}
			if strings.Contains(plan, "SCAN svcaccts ") || strings.HasSuffix(plan, "SCAN svcaccts") {
				t.Errorf("plan %q walks the table", plan)
			}
		}
	}
}

func explain(t *testing.T, s *Store, sqlText string, args []any) string {
	t.Helper()
	rows, err := s.db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+sqlText, args...)
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
	return strings.Join(plan, " | ")
}

// TestMigration0008KeepsAccounts opens a database made by the migrations
// before 0008 and holding accounts, and checks that 0008 keeps every row and
// column and indexes every name.
func TestMigration0008KeepsAccounts(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT '')`); err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	sort.Strings(names)
	for _, name := range names {
		base := filepath.Base(name)
		if base >= "0008" {
			break
		}
		body, _ := migrations.ReadFile(name)
		if _, err := db.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		if _, err := db.Exec(`INSERT INTO schema_migrations(name) VALUES (?)`, base); err != nil {
			t.Fatal(err)
		}
	}
	const insert = `INSERT INTO svcaccts(id, rev, name, name_folded, description, account_status, scopes, jwks, created_at, created_by, modified_at, modified_by)
		VALUES (?, 'r', ?, ?, ?, 'active', '["fr:am:*"]', '{"keys":[]}', 'c', 'cb', 'm', 'mb')`
	before := map[string]string{"id-1": "Old ÉLAN one", "id-2": "old two", "id-3": "Third"}
	for id, name := range before {
		if _, err := db.Exec(insert, id, name, query.Fold(name), "d-"+id); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for id, name := range before {
		a, err := s.GetSvcAcct(ctx, id)
		if err != nil || a.Name != name || a.Description == nil || *a.Description != "d-"+id || a.Rev != "r" || a.CreatedBy != "cb" || a.ModifiedBy != "mb" {
			t.Errorf("%s after 0008: %+v %v", id, a, err)
		}
	}
	_, _, indexed := schemaVariants()
	indexed.CandidateLimit = -1
	f, _ := query.ParseFilter(`name co "OLD"`)
	got := walk(t, s, indexed, query.Request{Filter: f, SortKeys: []query.SortKey{{Field: "name"}}})
	if want := "ids=id-1,id-2 cookie= total=-1 policy=NONE"; got[0] != want {
		t.Errorf("old rows through the index: %s, want %s", got[0], want)
	}
	// The new table keeps refusing a duplicate id.
	if _, err := s.CreateSvcAcct(ctx, "t", SvcAcct{ID: "id-1", Name: "dup", AccountStatus: "active", JWKS: "{}"}); err == nil {
		t.Error("duplicate id accepted after 0008")
	}
}

// TestTrigramCountsCache checks that the store answers trigram counts as the
// table holds them, and from memory for a while after (a later change to the
// table is not read until the entries expire).
func TestTrigramCountsCache(t *testing.T) {
	s := openTest(t)
	seedTrigramAccounts(t, s)
	ctx := context.Background()
	ix := SvcAcctQuerySchema.Fields["name"].Trigrams
	tris := []string{"svc", "acc", "zzz", "élan"[:3]}
	want, err := query.CountTrigrams(ctx, s.db, ix, tris)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.queries.TrigramCounts(ctx, ix, tris)
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range tris {
		if got[tr] != want[tr] {
			t.Errorf("%q: %d, table says %d", tr, got[tr], want[tr])
		}
	}
	if got["svc"] != 40 || got["zzz"] != 0 {
		t.Errorf("counts %v", got)
	}
	if _, err := s.db.Exec(`UPDATE svcaccts_name_trigram_counts SET accounts = 1 WHERE trigram = 'svc'`); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.queries.TrigramCounts(ctx, ix, tris); again["svc"] != 40 {
		t.Errorf("cached count of svc: %d", again["svc"])
	}
	s.queries.trigramCounts.read = time.Now().Add(-time.Minute)
	if fresh, _ := s.queries.TrigramCounts(ctx, ix, tris); fresh["svc"] != 1 {
		t.Errorf("count of svc after expiry: %d", fresh["svc"])
	}
}

// TestTrigramIndexCoversLongestName checks that a name of 1,024 characters
// (the most the table takes; the API allows 255) is indexed to its last
// trigram, and that a longer one is refused rather than indexed in part.
func TestTrigramIndexCoversLongestName(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	long := strings.Repeat("é", 1021) + "xyz"
	if _, err := s.CreateSvcAcct(ctx, "t", sample(long)); err != nil {
		t.Fatal(err)
	}
	_, indexed, _ := schemaVariants()
	f, _ := query.ParseFilter(`name co "éXYZ"`)
	if got := walk(t, s, indexed, query.Request{Filter: f}); strings.HasPrefix(got[0], "ids= ") {
		t.Errorf("the last trigram of a 1,024-character name is not found: %s", got[0])
	}
	tooLong := strings.Repeat("a", 1025)
	if _, err := s.db.ExecContext(ctx, `INSERT INTO svcaccts(id, rev, name, name_folded, account_status, scopes, jwks, created_at, created_by, modified_at, modified_by)
		VALUES ('x', 'r', ?, ?, 'active', '[]', '{}', '', '', '', '')`, tooLong, tooLong); err == nil {
		t.Error("a 1,025-character name was stored")
	}
}
