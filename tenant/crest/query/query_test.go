package query

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/pingclone/aic-console/tenant/crest"
)

func TestParseFilter(t *testing.T) {
	cases := []struct{ in, want string }{
		{`true`, `true`},
		{`FALSE`, `false`},
		{`name eq "x"`, `/name eq "x"`},
		{`/name EQ "x"`, `/name eq "x"`},
		{`name sw "a\"b"`, `/name sw "a\"b"`},
		{`name co 'it\'s'`, `/name co "it's"`},
		{`name eq "\u00e9"`, `/name eq "é"`},
		{`size gt 10`, `/size gt 10`},
		{`size le -1.5e3`, `/size le -1.5e3`},
		{`flag eq true`, `/flag eq true`},
		{`description pr`, `/description pr`},
		{`a eq "1" and b eq "2" or c eq "3"`, `((/a eq "1") and (/b eq "2")) or (/c eq "3")`},
		{`a eq "1" and (b eq "2" or c eq "3")`, `(/a eq "1") and ((/b eq "2") or (/c eq "3"))`},
		{`!(a eq "1")`, `!(/a eq "1")`},
		{`not a pr`, `!(/a pr)`},
		{`! ! a pr`, `!(!(/a pr))`},
		{`  ( ( true ) )  `, `true`},
		{`name eq"x"`, `/name eq "x"`},
		{"name co \"a\tb\"", `/name co "a\tb"`},
	}
	for _, c := range cases {
		f, err := ParseFilter(c.in)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if got := f.String(); got != c.want {
			t.Errorf("%s: got %s, want %s", c.in, got, c.want)
		}
	}
}

func TestParseFilterErrors(t *testing.T) {
	for _, in := range []string{
		``, `   `, `name`, `name eq`, `name eq "x`, `name eq 'x`, `name like "x"`, `(true`, `true)`,
		`name eq "x" and`, `and name eq "x"`, `name eq x`, `name eq "x" "y"`, `/ eq "x"`, `name/ eq "x"`,
		`!`, `()`, `name eq "\q"`, strings.Repeat("!", 40) + "true", strings.Repeat("a pr or ", 201) + "a pr",
		"name eq \"\xff\"",
	} {
		_, err := ParseFilter(in)
		ce, ok := err.(*crest.Error)
		if !ok || ce.Code != 400 || ce.Detail["field"] != "_queryFilter" {
			t.Errorf("%q: got %v, want a CREST 400 on _queryFilter", in, err)
		}
	}
}

var testSchema = &Schema{Table: "t", Key: "id", Fields: map[string]Field{
	"_id":    {Column: "id"},
	"name":   {Column: "name", Folded: "name_f"},
	"desc":   {Column: "descr", Nullable: true},
	"size":   {Column: "size", Type: Number},
	"flag":   {Column: "flag", Type: Boolean},
	"scopes": {Column: "scopes", Type: StringArray},
}}

func TestWhereIsParameterised(t *testing.T) {
	cases := []struct {
		filter, sql string
		args        []any
	}{
		{`true`, `1`, nil},
		{`name eq "x' OR 1=1 --"`, `(name = ?)`, []any{"x' OR 1=1 --"}},
		{`name sw "AB"`, `(name_f >= ? AND name_f < ?)`, []any{"ab", "ab\xff"}},
		{`name co "AB"`, `(instr(name_f, ?) > 0)`, []any{"ab"}},
		{`desc co "x"`, `((instr(crest_fold(descr), crest_fold(?)) > 0) IS 1)`, []any{"x"}},
		{`desc eq "x"`, `((descr = ?) IS 1)`, []any{"x"}},
		{`size ge 3`, `(size >= ?)`, []any{int64(3)}},
		{`size lt 2.5`, `(size < ?)`, []any{2.5}},
		{`flag eq true`, `(flag = ?)`, []any{1}},
		{`scopes eq "a"`, `EXISTS (SELECT 1 FROM json_each(scopes) AS je WHERE je.value = ?)`, []any{"a"}},
		{`scopes pr`, `(scopes IS NOT NULL AND json_array_length(scopes) > 0)`, nil},
		{`!(desc pr) or _id eq "1"`, `(NOT ((descr IS NOT NULL)) OR (id = ?))`, []any{"1"}},
	}
	for _, c := range cases {
		f, err := ParseFilter(c.filter)
		if err != nil {
			t.Fatal(err)
		}
		sql, args, err := testSchema.Where(f)
		if err != nil {
			t.Errorf("%s: %v", c.filter, err)
			continue
		}
		if sql != c.sql || !reflect.DeepEqual(args, c.args) {
			t.Errorf("%s:\n got %s %#v\nwant %s %#v", c.filter, sql, args, c.sql, c.args)
		}
	}
}

func TestWhereRefusesUnknownFieldsAndWrongTypes(t *testing.T) {
	for _, in := range []string{`password eq "x"`, `name eq 1`, `size sw 1`, `size eq "1"`, `flag eq "true"`, `flag gt true`, `name/first eq "x"`} {
		f, err := ParseFilter(in)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = testSchema.Where(f)
		if ce, ok := err.(*crest.Error); !ok || ce.Code != 400 {
			t.Errorf("%s: %v, want a CREST 400", in, err)
		}
	}
}

func TestParseRequest(t *testing.T) {
	v := url.Values{"_queryFilter": {"true"}, "_pageSize": {"5"}, "_pagedResultsOffset": {"10"},
		"_sortKeys": {"name, -/desc,+size"}, "_fields": {"name,/desc"}, "_totalPagedResultsPolicy": {"exact"},
		"_pagedResultsCookie": {"abc"}}
	req, err := ParseRequest(v)
	if err != nil {
		t.Fatal(err)
	}
	want := Request{Filter: Literal{Value: true}, PageSize: 5, Offset: 10, Cookie: "abc",
		SortKeys: []SortKey{{"name", false}, {"desc", true}, {"size", false}},
		Fields:   []string{"name", "desc"}, TotalPolicy: TotalExact}
	if !reflect.DeepEqual(req, want) {
		t.Errorf("got %+v\nwant %+v", req, want)
	}
	if req, _ := ParseRequest(url.Values{"_queryFilter": {"true"}, "_fields": {"name,*"}}); req.Fields != nil {
		t.Errorf("* must mean every field: %v", req.Fields)
	}
}

func TestCookieRoundTripAndTampering(t *testing.T) {
	c, err := encodeCookie("name,-size", []any{"x", int64(3), "id-1"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeCookie(c, "name,-size", []Type{String, Number, String})
	if err != nil || !reflect.DeepEqual(got, []any{"x", int64(3), "id-1"}) {
		t.Fatalf("round trip: %v %v", got, err)
	}
	for _, bad := range []struct {
		cookie, sort string
		types        []Type
	}{
		{c, "name", []Type{String, String}},
		{c, "name,-size", []Type{String, String, String}},
		{"%%%", "name,-size", []Type{String, Number, String}},
		{c[:len(c)-3], "name,-size", []Type{String, Number, String}},
		{cookieOf(`{"s":"name,-size","v":["x","3","id-1"]}`), "name,-size", []Type{String, Number, String}},
		{cookieOf(`{"s":"name,-size","v":["x",3,4]}`), "name,-size", []Type{String, Number, String}},
		{cookieOf(`{"s":"name,-size","v":["x",true,"id"]}`), "name,-size", []Type{String, Number, String}},
		{cookieOf(`{"s":"name,-size","v":["x",3,"id"]} trailing`), "name,-size", []Type{String, Number, String}},
	} {
		if _, err := decodeCookie(bad.cookie, bad.sort, bad.types); err == nil {
			t.Errorf("cookie %q accepted for %q", bad.cookie, bad.sort)
		}
	}
}

func cookieOf(js string) string { return base64.RawURLEncoding.EncodeToString([]byte(js)) }

func TestCookieNullAndFloatValues(t *testing.T) {
	c := cookieOf(`{"s":"d,n","v":[null,2.5,"id"]}`)
	got, err := decodeCookie(c, "d,n", []Type{String, Number, String})
	if err != nil || !reflect.DeepEqual(got, []any{nil, 2.5, "id"}) {
		t.Fatalf("got %v %v", got, err)
	}
}

func TestPatch(t *testing.T) {
	doc := map[string]any{"name": "a", "scopes": []any{"x", "y"}, "description": "d", "n": json.Number("1")}
	ops, err := ParsePatch([]byte(`[
		{"operation":"replace","field":"/name","value":"b"},
		{"operation":"add","field":"scopes","value":["z"]},
		{"operation":"add","field":"/scopes/-","value":"w"},
		{"operation":"remove","field":"/scopes","value":"x"},
		{"operation":"remove","field":"/description"},
		{"operation":"add","field":"/new","value":{"k":1}},
		{"operation":"remove","field":"/n","value":2},
		{"operation":"replace","field":"/gone"}
	]`))
	if err != nil {
		t.Fatal(err)
	}
	ApplyPatch(doc, ops)
	want := map[string]any{"name": "b", "scopes": []any{"y", "z", "w"}, "new": map[string]any{"k": json.Number("1")}, "n": json.Number("1")}
	if !reflect.DeepEqual(doc, want) {
		t.Errorf("got %#v\nwant %#v", doc, want)
	}
	for _, bad := range []string{`{}`, `[1]`, `[{"operation":"move","field":"/a","from":"/b"}]`, `[{"operation":"copy","field":"/a"}]`,
		`[{"operation":"add","field":"/a"}]`, `[{"operation":"replace","field":"/a/b","value":1}]`, `[{"operation":"replace","field":"/_rev","value":1}]`,
		`[{"operation":"replace","value":1}]`, `[{"operation":"replace","field":"/a","value":1,"extra":true}]`, `[`} {
		if _, err := ParsePatch([]byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		} else if ce, ok := err.(*crest.Error); !ok || ce.Code != 400 {
			t.Errorf("%s: %v, want a CREST 400", bad, err)
		}
	}
}

func TestPreconditions(t *testing.T) {
	h := http.Header{}
	h.Set("If-Match", `W/"abc", "def"`)
	h.Set("If-None-Match", `*`)
	p := ReadPreconditions(h)
	if p.IfMatch != "abc" || p.IfNoneMatch != "*" || p.ExpectedRev() != "abc" {
		t.Errorf("read %+v", p)
	}
	cases := []struct {
		p      Preconditions
		exists bool
		rev    string
		ok     bool
	}{
		{Preconditions{}, true, "r1", true},
		{Preconditions{IfMatch: "r1"}, true, "r1", true},
		{Preconditions{IfMatch: "r0"}, true, "r1", false},
		{Preconditions{IfMatch: "*"}, true, "r1", true},
		{Preconditions{IfMatch: "*"}, false, "", false},
		{Preconditions{IfNoneMatch: "*"}, true, "r1", false},
		{Preconditions{IfNoneMatch: "*"}, false, "", true},
		{Preconditions{IfNoneMatch: "r1"}, true, "r1", false},
	}
	for _, c := range cases {
		err := c.p.CheckWrite(c.exists, c.rev)
		if (err == nil) != c.ok {
			t.Errorf("%+v exists=%v rev=%s: %v", c.p, c.exists, c.rev, err)
		}
		if err != nil && err.(*crest.Error).Code != 412 {
			t.Errorf("want 412, got %v", err)
		}
	}
	if ETag("r1") != `"r1"` || !(Preconditions{IfNoneMatch: "r1"}).NotModified("r1") {
		t.Error("ETag / NotModified")
	}
}

func TestEnvelopeShape(t *testing.T) {
	b, _ := json.Marshal(NewEnvelope(nil, Page{Policy: TotalNone, Total: -1}))
	want := `{"result":[],"resultCount":0,"pagedResultsCookie":null,"totalPagedResultsPolicy":"NONE","totalPagedResults":-1,"remainingPagedResults":-1}`
	if string(b) != want {
		t.Errorf("got %s\nwant %s", b, want)
	}
	if got := Project(map[string]any{"_id": "1", "_rev": "2", "a": 1, "b": 2}, []string{"b", "zz"}); !reflect.DeepEqual(got, map[string]any{"_id": "1", "_rev": "2", "b": 2}) {
		t.Errorf("project %v", got)
	}
}

// FuzzParseFilter: any input parses or is a CREST 400, never a panic, and
// every parsed filter prints to a filter that parses to the same thing.
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{`true`, `name eq "x" and !(b pr)`, `a co 'x' or (b sw "y")`, `n gt -1.5`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		flt, err := ParseFilter(s)
		if err != nil {
			if _, ok := err.(*crest.Error); !ok {
				t.Fatalf("%q: non-CREST error %v", s, err)
			}
			return
		}
		again, err := ParseFilter(flt.String())
		if err != nil || again.String() != flt.String() {
			t.Fatalf("%q printed as %q, reparsed: %v %v", s, flt.String(), again, err)
		}
	})
}
