package query

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Filter is a parsed _queryFilter expression.
type Filter interface {
	// String renders the filter in CREST syntax (normalised).
	String() string
	isFilter()
}

// Operator is a comparison operator of a filter term.
type Operator string

// Comparison operators CREST defines. sw and co compare case-insensitively;
// eq, gt, ge, lt and le compare exactly.
const (
	OpEq Operator = "eq"
	OpSw Operator = "sw"
	OpCo Operator = "co"
	OpGt Operator = "gt"
	OpGe Operator = "ge"
	OpLt Operator = "lt"
	OpLe Operator = "le"
)

// Literal is the filter true or false.
type Literal struct{ Value bool }

// Comparison is `field op value`. Value is a string, a json.Number or a bool.
type Comparison struct {
	Field string // without the leading "/"
	Op    Operator
	Value any
}

// Present is `field pr`.
type Present struct{ Field string }

// And holds when every operand holds.
type And struct{ Operands []Filter }

// Or holds when any operand holds.
type Or struct{ Operands []Filter }

// Not holds when its operand does not.
type Not struct{ Operand Filter }

func (Literal) isFilter()    {}
func (Comparison) isFilter() {}
func (Present) isFilter()    {}
func (And) isFilter()        {}
func (Or) isFilter()         {}
func (Not) isFilter()        {}

func (l Literal) String() string { return strconv.FormatBool(l.Value) }

func (c Comparison) String() string {
	return "/" + c.Field + " " + string(c.Op) + " " + literalString(c.Value)
}

func (p Present) String() string { return "/" + p.Field + " pr" }

func (a And) String() string { return join(a.Operands, " and ") }
func (o Or) String() string  { return join(o.Operands, " or ") }
func (n Not) String() string { return "!(" + n.Operand.String() + ")" }

func join(fs []Filter, sep string) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = "(" + f.String() + ")"
	}
	return strings.Join(parts, sep)
}

func literalString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}
