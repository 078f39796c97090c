package query

// Project keeps the requested top-level fields of obj (from _fields), plus
// _id and _rev, which every answer carries. No fields means all of them.
// Fields the object does not have are left out, as CREST does.
func Project(obj map[string]any, fields []string) map[string]any {
	if len(fields) == 0 {
		return obj
	}
	out := make(map[string]any, len(fields)+2)
	for _, k := range []string{"_id", "_rev"} {
		if v, ok := obj[k]; ok {
			out[k] = v
		}
	}
	for _, f := range fields {
		if v, ok := obj[f]; ok {
			out[f] = v
		}
	}
	return out
}
