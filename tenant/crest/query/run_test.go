package query

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"testing"

	_ "modernc.org/sqlite"
)

// TestRunPagesWithReusedSortColumns walks every page of small tables whose
// sort columns are also selected (and so read from the caller's scan, in
// several Go types) or not selected, and checks each page, the cookie's
// values and that the walk sees every row once in order.
func TestRunPagesWithReusedSortColumns(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER NOT NULL, d TEXT)`); err != nil {
		t.Fatal(err)
	}
	for i := range 23 {
		var d any
		if i%3 > 0 {
			d = fmt.Sprintf("d%02d", i%5)
		}
		if _, err := db.Exec(`INSERT INTO t VALUES (?, ?, ?)`, fmt.Sprintf("id-%02d", i), i%7, d); err != nil {
			t.Fatal(err)
		}
	}
	schema := &Schema{Table: "t", Key: "id", Fields: map[string]Field{
		"_id": {Column: "id", Type: String},
		"n":   {Column: "n", Type: Number},
		"d":   {Column: "d", Type: String, Nullable: true},
	}}
	type row struct {
		id string
		n  int
		d  sql.NullString
	}
	// Each way of scanning: the selected columns and how a row is read.
	scans := map[string]struct {
		columns []string
		read    func(scan func(dest ...any) error) (row, error)
	}{
		"string and int": {[]string{"id", "n", "d"}, func(scan func(...any) error) (row, error) {
			var r row
			return r, scan(&r.id, &r.n, &r.d)
		}},
		"any": {[]string{"id", "n"}, func(scan func(...any) error) (row, error) {
			var id, n any
			err := scan(&id, &n)
			return row{id: id.(string), n: int(n.(int64))}, err
		}},
		"only id": {[]string{"id"}, func(scan func(...any) error) (row, error) {
			var r row
			return r, scan(&r.id)
		}},
	}
	for name, sc := range scans {
		for _, sortKeys := range []string{"", "n", "-n", "d,-n", "-_id"} {
			keys, _ := ParseSortKeys(sortKeys)
			all := func(req Request) (ids []string, cookie string) {
				page, err := schema.Run(context.Background(), db, req, sc.columns, func(scan func(...any) error) error {
					r, err := sc.read(scan)
					ids = append(ids, r.id)
					return err
				})
				if err != nil {
					t.Fatalf("%s, sort %q: %v", name, sortKeys, err)
				}
				return ids, page.Cookie
			}
			want, _ := all(Request{Filter: Literal{Value: true}, SortKeys: keys})
			var got []string
			cookie := ""
			for pages := 0; ; pages++ {
				if pages > 10 {
					t.Fatalf("%s, sort %q: paging does not end", name, sortKeys)
				}
				ids, next := all(Request{Filter: Literal{Value: true}, SortKeys: keys, PageSize: 4, Cookie: cookie})
				got = append(got, ids...)
				if next == "" {
					break
				}
				cookie = next
			}
			if !reflect.DeepEqual(got, want) || len(want) != 23 {
				t.Errorf("%s, sort %q: pages %v, unpaged %v", name, sortKeys, got, want)
			}
		}
	}
}

// BenchmarkDecodeCookie: the cookie of a late list page (name and id), read
// on every request for a page after the first.
func BenchmarkDecodeCookie(b *testing.B) {
	c, err := encodeCookie("name", []any{"acct-08989", "6d8e4b6b-1c2a-4e8b-9f0a-1234567890ab"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeCookie(c, "name", []Type{String, String}); err != nil {
			b.Fatal(err)
		}
	}
}
