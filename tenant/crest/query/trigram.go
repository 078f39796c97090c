package query

import (
	"context"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// TrigramIndex describes the tables of a trigram index over a Folded column,
// kept exact by the database (triggers):
//
//	Postings (trigram TEXT, <rowid> INTEGER, PRIMARY KEY (trigram, <rowid>))
//	         one row per distinct trigram (three characters, as SQLite's
//	         substr counts them) of each row's folded value, naming the row by
//	         the schema's RowID
//	Counts   (trigram TEXT PRIMARY KEY, accounts INTEGER): rows per trigram
type TrigramIndex struct {
	Postings, Counts string // trusted table names
	RowID            string // the Postings column naming the row
}

// MinTrigramNeedle is the shortest needle (in characters) a trigram index can
// narrow: a shorter one has no trigram, so such a search scans.
const MinTrigramNeedle = 3

// singlePostingLimit: when the rarest gram names at most this many rows,
// they are the candidates (see access).
const singlePostingLimit = 16

// defaultCandidateLimit is Schema.CandidateLimit's default; see there.
const defaultCandidateLimit = 512

// trigramProbe is a co term a trigram index can answer: every row the
// filter accepts holds every trigram of needle.
type trigramProbe struct {
	index    *TrigramIndex
	trigrams []string // distinct, in needle order
}

// trigramTerm finds, in f, a co term on a field with a trigram index that
// every row f accepts must satisfy: f itself or an operand of a top-level
// (possibly nested) and. Terms under or and ! narrow nothing.
func (s *Schema) trigramTerm(f Filter) (trigramProbe, bool) {
	switch f := f.(type) {
	case Comparison:
		fd, ok := s.Fields[f.Field]
		if !ok || fd.Trigrams == nil || fd.Folded == "" || f.Op != OpCo || s.RowID == "" {
			return trigramProbe{}, false
		}
		v, ok := f.Value.(string)
		if !ok {
			return trigramProbe{}, false
		}
		folded := Fold(v)
		if fd.Quadgrams != nil {
			if quads := Grams(folded, 4); len(quads) > 0 {
				return trigramProbe{index: fd.Quadgrams, trigrams: quads}, true
			}
		}
		tris := Trigrams(folded)
		if len(tris) == 0 {
			return trigramProbe{}, false
		}
		return trigramProbe{index: fd.Trigrams, trigrams: tris}, true
	case And:
		for _, o := range f.Operands {
			if p, ok := s.trigramTerm(o); ok {
				return p, true
			}
		}
	}
	return trigramProbe{}, false
}

// Trigrams are the distinct three-character substrings of s, in order of
// first appearance; none when s is shorter than MinTrigramNeedle characters
// or not valid UTF-8 (SQLite's substr would count it differently).
func Trigrams(s string) []string { return Grams(s, 3) }

// Grams are the distinct n-character substrings of s, in order of first
// appearance; none when s is shorter than n characters or not valid UTF-8.
func Grams(s string, n int) []string {
	if n < 1 || utf8.RuneCountInString(s) < n || !utf8.ValidString(s) {
		return nil
	}
	var starts []int
	for i := range s {
		starts = append(starts, i)
	}
	starts = append(starts, len(s))
	seen := make(map[string]bool, len(starts))
	var out []string
	for i := 0; i+n < len(starts); i++ {
		t := s[starts[i]:starts[i+n]]
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// candidatesSQL is the rowids the index names for two of the needle's
// trigrams (the rarest two): both posting ranges are read in rowid order and
// merged (SQLite's compound-select merge), rather than probing one per row
// of the other.
func (ix *TrigramIndex) candidatesSQL() string {
	return "SELECT " + ix.RowID + " FROM " + ix.Postings + " WHERE trigram = ? INTERSECT SELECT " +
		ix.RowID + " FROM " + ix.Postings + " WHERE trigram = ? ORDER BY 1"
}

// TrigramCounter is implemented by a Querier that can answer how many rows
// hold each trigram without a query, e.g. from a cache. The counts only
// choose the access path and the trigrams it starts from, never which rows
// match, so they may be somewhat out of date.
type TrigramCounter interface {
	TrigramCounts(ctx context.Context, ix *TrigramIndex, trigrams []string) (map[string]int, error)
}

// CountTrigrams reads from the index's Counts table how many rows hold each
// trigram; trigrams no row holds are absent.
func CountTrigrams(ctx context.Context, db Querier, ix *TrigramIndex, trigrams []string) (map[string]int, error) {
	list, err := json.Marshal(trigrams)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, "SELECT trigram, accounts FROM "+ix.Counts+" WHERE trigram IN (SELECT value FROM json_each(?))", string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := make(map[string]int, len(trigrams))
	for rows.Next() {
		var t string
		var c int
		if err := rows.Scan(&t, &c); err != nil {
			return nil, err
		}
		counts[t] = c
	}
	return counts, rows.Err()
}

// rarest returns the probe's two rarest trigrams (the same one twice when the
// needle has one) and the count of the rarest; a trigram no row holds has
// count 0.
func (p trigramProbe) rarest(ctx context.Context, db Querier) (first, second string, n int, err error) {
	var counts map[string]int
	if c, ok := db.(TrigramCounter); ok {
		counts, err = c.TrigramCounts(ctx, p.index, p.trigrams)
	} else {
		counts, err = CountTrigrams(ctx, db, p.index, p.trigrams)
	}
	if err != nil {
		return "", "", 0, err
	}
	best, next := -1, -1
	for i, t := range p.trigrams {
		switch {
		case best < 0 || counts[t] < counts[p.trigrams[best]]:
			best, next = i, best
		case next < 0 || counts[t] < counts[p.trigrams[next]]:
			next = i
		}
	}
	if next < 0 {
		next = best
	}
	return p.trigrams[best], p.trigrams[next], counts[p.trigrams[best]], nil
}

// candidateLimit is how many index candidates a page may have and still be
// read through the index; with more, reading in sort order and testing each
// row finds the page sooner. An unpaged query reads every match anyway, so it
// always uses the index.
func (s *Schema) candidateLimit(pageSize int) int {
	if pageSize <= 0 {
		return -1
	}
	switch {
	case s.CandidateLimit < 0:
		return -1
	case s.CandidateLimit > 0:
		return s.CandidateLimit
	}
	return defaultCandidateLimit
}

// access chooses the statements: through the trigram index when its rarest
// trigram names at most the candidate limit of rows, otherwise in sort order.
func (p *queryPlan) access(ctx context.Context, db Querier, req Request) (*statements, error) {
	if p.indexed == nil {
		return p.scan, nil
	}
	first, second, n, err := p.probe.rarest(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("query %s: trigram counts: %w", p.schema.Table, err)
	}
	if limit := p.schema.candidateLimit(req.PageSize); limit >= 0 && n > limit {
		return p.scan, nil
	}
	if n <= singlePostingLimit {
		// Merging in the second posting list could spare at most n row
		// reads; with so few, reading that list costs more than it saves.
		second = first
	}
	return p.indexed.with(first, second), nil
}

// with binds the two trigrams the indexed statements start from.
func (st *statements) with(first, second string) *statements {
	out := *st
	out.pageArgs = append([]any{first, second}, st.pageArgs...)
	out.countArgs = append([]any{first, second}, st.countArgs...)
	return &out
}
