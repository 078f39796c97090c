package query

import (
	"reflect"
	"testing"
)

func TestTrigrams(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"ab", nil},
		{"élan", []string{"éla", "lan"}},
		{"abc", []string{"abc"}},
		{"aaaaa", []string{"aaa"}},
		{"abcabc", []string{"abc", "bca", "cab"}},
		{`a"%_`, []string{`a"%`, `"%_`}},
		{"日本語テ", []string{"日本語", "本語テ"}},
		{"🚀 r", []string{"🚀 r"}},
		{"ab\xffcd", nil}, // not UTF-8: SQLite would count characters differently
	}
	for _, c := range cases {
		if got := Trigrams(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Trigrams(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTrigramTermOnlyInConjunctions(t *testing.T) {
	ix := &TrigramIndex{Postings: "p", Counts: "c", RowID: "seq"}
	s := &Schema{Table: "t", Key: "id", RowID: "seq", Fields: map[string]Field{
		"name": {Column: "name", Folded: "name_f", Trigrams: ix},
		"desc": {Column: "descr", Folded: "descr_f"},
	}}
	cases := []struct {
		filter string
		want   []string
	}{
		{`name co "ABCD"`, []string{"abc", "bcd"}},
		{`name co "ab"`, nil},
		{`name sw "abcd"`, nil},
		{`desc co "abcd"`, nil},
		{`desc co "x" and (true and name co "xyz")`, []string{"xyz"}},
		{`name co "abc" or desc co "x"`, nil},
		{`!(name co "abc")`, nil},
	}
	for _, c := range cases {
		f, err := ParseFilter(c.filter)
		if err != nil {
			t.Fatal(err)
		}
		p, ok := s.trigramTerm(f)
		if ok != (c.want != nil) || !reflect.DeepEqual(p.trigrams, c.want) {
			t.Errorf("%s: %v %q, want %q", c.filter, ok, p.trigrams, c.want)
		}
	}
}

func TestGramsOfFour(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"abc", nil},
		{"abcd", []string{"abcd"}},
		{"acct-0042", []string{"acct", "cct-", "ct-0", "t-00", "-004", "0042"}},
		{"aaaaaa", []string{"aaaa"}},
		{"élans", []string{"élan", "lans"}},
		{"ab\xffcd", nil},
	}
	for _, c := range cases {
		if got := Grams(c.in, 4); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Grams(%q, 4) = %q, want %q", c.in, got, c.want)
		}
	}
}

// With a four-character index, needles of four characters or more use it,
// shorter ones the trigram index.
func TestQuadgramIndexForLongerNeedles(t *testing.T) {
	tri := &TrigramIndex{Postings: "p3", Counts: "c3", RowID: "seq"}
	quad := &TrigramIndex{Postings: "p4", Counts: "c4", RowID: "seq"}
	s := &Schema{Table: "t", Key: "id", RowID: "seq", Fields: map[string]Field{
		"name": {Column: "name", Folded: "name_f", Trigrams: tri, Quadgrams: quad},
	}}
	cases := []struct {
		filter string
		index  *TrigramIndex
		want   []string
	}{
		{`name co "ABCD"`, quad, []string{"abcd"}},
		{`name co "abcde"`, quad, []string{"abcd", "bcde"}},
		{`name co "abc"`, tri, []string{"abc"}},
		{`name co "ab"`, nil, nil},
	}
	for _, c := range cases {
		f, err := ParseFilter(c.filter)
		if err != nil {
			t.Fatal(err)
		}
		p, ok := s.trigramTerm(f)
		if ok != (c.index != nil) || p.index != c.index || !reflect.DeepEqual(p.trigrams, c.want) {
			t.Errorf("%s: %v %v %q, want %v %q", c.filter, ok, p.index, p.trigrams, c.index, c.want)
		}
	}
}
