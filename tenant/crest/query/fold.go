package query

import (
	"database/sql/driver"
	"strings"

	"modernc.org/sqlite"
)

// FoldFunction is the SQL function the translation uses for case-insensitive
// matching (sw, co). SQLite's own lower() and LIKE fold ASCII only; this folds
// every Unicode letter (Go's strings.ToLower), so "ÉLAN sw élan" holds.
const FoldFunction = "crest_fold"

func init() {
	sqlite.MustRegisterDeterministicScalarFunction(FoldFunction, 1, fold)
}

// Fold is the case folding of sw and co: Unicode lower case. Writers of a
// Field.Folded column store Fold(value) in it.
func Fold(s string) string { return strings.ToLower(s) }

func fold(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	switch v := args[0].(type) {
	case string:
		return Fold(v), nil
	case []byte:
		return Fold(string(v)), nil
	case nil:
		return nil, nil
	default:
		return v, nil
	}
}
