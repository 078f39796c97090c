package query

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/pingclone/aic-console/tenant/crest"
)

// PatchOperation is one CREST PATCH operation on a top-level field.
type PatchOperation struct {
	Operation string // add, remove or replace
	Field     string // top-level field name, without "/"
	// Append is set for "/field/-": add the value to the end of an array.
	Append   bool
	Value    any
	HasValue bool
}

// ParsePatch reads a CREST PATCH body: a JSON array of
// {"operation":"add|remove|replace","field":"/name","value":...}.
// Only top-level fields (and "/field/-" for add) may be named; fields that
// start with "_" (_id, _rev) are CREST metadata and cannot be patched.
// Other operations (increment, copy, move, transform) are refused with 400.
func ParsePatch(body []byte) ([]PatchOperation, error) {
	v, err := DecodeJSON(body)
	if err != nil {
		return nil, err
	}
	list, ok := v.([]any)
	if !ok {
		return nil, crest.BadRequest("The patch request must be a JSON array of operations")
	}
	ops := make([]PatchOperation, 0, len(list))
	for i, item := range list {
		op, err := parseOperation(i, item)
		if err != nil {
			return nil, err
		}
		ops = append(ops, op)
	}
	return ops, nil
}

func parseOperation(i int, item any) (PatchOperation, error) {
	bad := func(msg string) error {
		return crest.BadRequest(fmt.Sprintf("Patch operation %d: %s", i, msg)).WithDetail("operation", i)
	}
	m, ok := item.(map[string]any)
	if !ok {
		return PatchOperation{}, bad("each operation must be a JSON object")
	}
	for k := range m {
		if k != "operation" && k != "field" && k != "value" {
			return PatchOperation{}, bad(fmt.Sprintf("unknown member '%s'", k))
		}
	}
	var op PatchOperation
	name, _ := m["operation"].(string)
	switch name {
	case "add", "remove", "replace":
		op.Operation = name
	case "":
		return PatchOperation{}, bad("the operation is missing (add, remove or replace)")
	default:
		return PatchOperation{}, bad(fmt.Sprintf("the operation '%s' is not supported (add, remove or replace)", name))
	}
	field, _ := m["field"].(string)
	if field == "" {
		return PatchOperation{}, bad("the field is missing")
	}
	f, ok := NormaliseField(field)
	if ok && op.Operation == "add" && strings.HasSuffix(f, "/-") {
		f, op.Append = strings.TrimSuffix(f, "/-"), true
	}
	if !ok || strings.Contains(f, "/") {
		return PatchOperation{}, bad(fmt.Sprintf("the field '%s' is not a top-level field", field)).(*crest.Error).WithDetail("field", field)
	}
	if strings.HasPrefix(f, "_") {
		return PatchOperation{}, bad(fmt.Sprintf("the field '%s' cannot be patched", field)).(*crest.Error).WithDetail("field", f)
	}
	op.Field = f
	op.Value, op.HasValue = m["value"]
	if op.Operation == "add" && !op.HasValue {
		return PatchOperation{}, bad("add needs a value").(*crest.Error).WithDetail("field", f)
	}
	return op, nil
}

// ApplyPatch applies ops, in order, to doc (a decoded JSON object), as CREST does:
//   - replace sets the field (without a value it removes the field);
//   - add sets a single-valued field; on an array field (or with "/field/-")
//     it appends the value, or each element of an array value;
//   - remove without a value removes the field; with a value it removes equal
//     elements from an array field, or the field when its value is equal.
//
// The caller validates the result as it would a full replace.
func ApplyPatch(doc map[string]any, ops []PatchOperation) {
	for _, op := range ops {
		cur, exists := doc[op.Field]
		switch op.Operation {
		case "replace":
			if op.HasValue {
				doc[op.Field] = op.Value
			} else {
				delete(doc, op.Field)
			}
		case "add":
			arr, isArray := cur.([]any)
			switch {
			case isArray || (op.Append && (!exists || cur == nil)):
				doc[op.Field] = append(append([]any(nil), arr...), elements(op.Value)...)
			case op.Append:
				doc[op.Field] = append([]any{cur}, elements(op.Value)...)
			default:
				doc[op.Field] = op.Value
			}
		case "remove":
			if !op.HasValue || !exists {
				delete(doc, op.Field)
				continue
			}
			if arr, ok := cur.([]any); ok {
				kept := make([]any, 0, len(arr))
				for _, e := range arr {
					if !containsEqual(elements(op.Value), e) {
						kept = append(kept, e)
					}
				}
				doc[op.Field] = kept
			} else if reflect.DeepEqual(cur, op.Value) {
				delete(doc, op.Field)
			}
		}
	}
}

func elements(v any) []any {
	if arr, ok := v.([]any); ok {
		return arr
	}
	return []any{v}
}

func containsEqual(list []any, v any) bool {
	for _, e := range list {
		if reflect.DeepEqual(e, v) {
			return true
		}
	}
	return false
}
