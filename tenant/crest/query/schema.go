package query

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pingclone/aic-console/tenant/crest"
)

// Type is the JSON type of a queryable field.
type Type int

const (
	// String fields compare with eq/gt/ge/lt/le exactly and sw/co ignoring case.
	String Type = iota
	// Number fields take number literals; sw and co are refused.
	Number
	// Boolean fields take true/false with eq only; stored as 0/1.
	Boolean
	// StringArray fields hold a JSON array of strings in a TEXT column; a term
	// holds when it holds for any element. They cannot be sort keys.
	StringArray
)

// Field maps one CREST field to its SQL column.
type Field struct {
	Column   string // column name, trusted (never from a request)
	Type     Type
	Nullable bool // the column may be NULL (the field may be null or absent)
	// Folded optionally names a column holding Fold(Column), kept up to date by
	// the writer. sw and co then compare it with the folded value: sw becomes
	// an index range, co a plain substring test, with no per-row folding.
	Folded string
	// Trigrams optionally is a trigram index of the Folded column. A co term
	// on the field then reads only the rows the index names when they are
	// few (Schema.CandidateLimit); the term itself is still tested on each of
	// them, so the index never changes an answer.
	Trigrams *TrigramIndex
	// Quadgrams optionally is an index of the same shape holding the Folded
	// column's four-character substrings. Used, with Trigrams set, for
	// needles of four characters or more, which it narrows much further.
	Quadgrams *TrigramIndex
}

// Schema describes a queryable resource table: which CREST fields exist and
// which columns hold them. Every name in it is trusted; only values from a
// request are ever bound as parameters.
type Schema struct {
	Table string
	// Key is the column of the resource's unique id (the _id field); it breaks
	// ties so that keyset paging is exact.
	Key string
	// RowID is the table's INTEGER PRIMARY KEY column, by which trigram
	// indexes (Field.Trigrams) name rows.
	RowID  string
	Fields map[string]Field
	// CandidateLimit is the most rows the rarest trigram of a co needle may
	// name for a paged query to read through the trigram index; past it the
	// query reads in sort order instead. 0 means a default; a negative value
	// means no limit.
	CandidateLimit int
}

// field resolves a CREST field name ("name", "/name" normalised) or refuses it.
func (s *Schema) field(name string) (Field, error) {
	if f, ok := s.Fields[name]; ok {
		return f, nil
	}
	return Field{}, crest.BadRequest(fmt.Sprintf("Field '%s' is not queryable on this resource", name)).
		WithDetail("field", "_queryFilter").WithDetail("name", name)
}

// Where translates f into a parameterised SQL boolean expression: the SQL text
// holds only trusted column names and placeholders; every value is in args.
// Unknown fields and values of the wrong type are a CREST 400.
func (s *Schema) Where(f Filter) (sql string, args []any, err error) {
	var b strings.Builder
	if err := s.where(&b, &args, f); err != nil {
		return "", nil, err
	}
	return b.String(), args, nil
}

func (s *Schema) where(b *strings.Builder, args *[]any, f Filter) error {
	switch f := f.(type) {
	case Literal:
		if f.Value {
			b.WriteString("1")
		} else {
			b.WriteString("0")
		}
	case And:
		return s.group(b, args, f.Operands, " AND ")
	case Or:
		return s.group(b, args, f.Operands, " OR ")
	case Not:
		b.WriteString("NOT (")
		if err := s.where(b, args, f.Operand); err != nil {
			return err
		}
		b.WriteString(")")
	case Present:
		fd, err := s.field(f.Field)
		if err != nil {
			return err
		}
		if fd.Type == StringArray {
			fmt.Fprintf(b, "(%s IS NOT NULL AND json_array_length(%s) > 0)", fd.Column, fd.Column)
		} else {
			fmt.Fprintf(b, "(%s IS NOT NULL)", fd.Column)
		}
	case Comparison:
		return s.comparison(b, args, f)
	default:
		return crest.BadRequest("Unsupported query filter").WithDetail("field", "_queryFilter")
	}
	return nil
}

func (s *Schema) group(b *strings.Builder, args *[]any, operands []Filter, sep string) error {
	b.WriteString("(")
	for i, o := range operands {
		if i > 0 {
			b.WriteString(sep)
		}
		if err := s.where(b, args, o); err != nil {
			return err
		}
	}
	b.WriteString(")")
	return nil
}

var sqlOps = map[Operator]string{OpEq: "=", OpGt: ">", OpGe: ">=", OpLt: "<", OpLe: "<="}

func (s *Schema) comparison(b *strings.Builder, args *[]any, c Comparison) error {
	fd, err := s.field(c.Field)
	if err != nil {
		return err
	}
	value, err := bindValue(c, fd.Type)
	if err != nil {
		return err
	}
	var term string
	col := fd.Column
	if fd.Type == StringArray {
		col = "je.value"
	}
	switch {
	case c.Op == OpSw && fd.Folded != "":
		// Every string starting with p lies in [p, p+"\xff"): UTF-8 never
		// holds the byte 0xff, and SQLite compares text bytewise.
		p := Fold(value.(string))
		fmt.Fprintf(b, "(%s >= ? AND %s < ?)", fd.Folded, fd.Folded)
		*args = append(*args, p, p+"\xff")
		return nil
	case c.Op == OpCo && fd.Folded != "":
		fmt.Fprintf(b, "(instr(%s, ?) > 0)", fd.Folded)
		*args = append(*args, Fold(value.(string)))
		return nil
	case c.Op == OpSw:
		term = "instr(" + FoldFunction + "(" + col + "), " + FoldFunction + "(?)) = 1"
	case c.Op == OpCo:
		term = "instr(" + FoldFunction + "(" + col + "), " + FoldFunction + "(?)) > 0"
	default:
		term = col + " " + sqlOps[c.Op] + " ?"
	}
	*args = append(*args, value)
	switch {
	case fd.Type == StringArray:
		fmt.Fprintf(b, "EXISTS (SELECT 1 FROM json_each(%s) AS je WHERE %s)", fd.Column, term)
	case fd.Nullable:
		// NULL would make NOT(...) unknown too; CREST wants a plain false.
		fmt.Fprintf(b, "((%s) IS 1)", term)
	default:
		fmt.Fprintf(b, "(%s)", term)
	}
	return nil
}

// bindValue checks that a literal suits the field and turns it into a SQL argument.
func bindValue(c Comparison, t Type) (any, error) {
	bad := func(want string) error {
		return crest.BadRequest(fmt.Sprintf("Field '%s' needs %s with operator %s", c.Field, want, c.Op)).
			WithDetail("field", "_queryFilter").WithDetail("name", c.Field)
	}
	switch t {
	case String, StringArray:
		s, ok := c.Value.(string)
		if !ok {
			return nil, bad("a string value")
		}
		return s, nil
	case Number:
		n, ok := c.Value.(json.Number)
		if !ok || c.Op == OpSw || c.Op == OpCo {
			return nil, bad("a number value and one of eq, gt, ge, lt, le")
		}
		if i, err := n.Int64(); err == nil {
			return i, nil
		}
		f, err := n.Float64()
		if err != nil {
			return nil, bad("a number value")
		}
		return f, nil
	case Boolean:
		v, ok := c.Value.(bool)
		if !ok || c.Op != OpEq {
			return nil, bad("true or false and the operator eq")
		}
		if v {
			return 1, nil
		}
		return 0, nil
	}
	return nil, bad("a supported value")
}
