package tenantapi

import "testing"

func TestQueryEncodeIsValuesEncode(t *testing.T) {
	for _, q := range []Query{
		{},
		{PageSize: 10, SortKeys: []string{"name"}, Fields: []string{"_id", "name", "accountStatus"}},
		{Filter: `name co "a&b=c d\"é"`, PageSize: 10, Cookie: "eyJrIjoiYSJ9+/=", SortKeys: []string{"-name", "_id"}, Fields: []string{"_id"}},
		{Offset: 8980, PageSize: 10, Exact: true},
		{Filter: "true", Cookie: "x", Offset: 3},
	} {
		if got, want := q.encode(), q.values().Encode(); got != want {
			t.Errorf("%+v:\n got %s\nwant %s", q, got, want)
		}
	}
}
