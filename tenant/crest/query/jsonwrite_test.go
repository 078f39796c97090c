package query

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

func TestAppendJSONStringMatchesEncodingJSON(t *testing.T) {
	inputs := []string{"", "plain", `quote " and \ backslash`, "<script>&amp;</script>", "tab\tnl\ncr\rbs\bff\f",
		"\x00\x01\x1f\x7f", "ÉLAN 日本語 🚀", "\u2028\u2029", "bad \xff\xfe utf8 \xc3", "\xed\xa0\x80 surrogate"}
	for b := 0; b < 256; b++ {
		inputs = append(inputs, string([]byte{byte(b)}), "a"+string([]byte{byte(b)})+"z")
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		buf := make([]byte, r.IntN(24))
		for i := range buf {
			buf[i] = byte(r.IntN(256))
		}
		inputs = append(inputs, string(buf))
	}
	for _, s := range inputs {
		want, _ := json.Marshal(s)
		if got := AppendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("AppendJSONString(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestAppendEnvelopeMatchesEncoder(t *testing.T) {
	items := []any{map[string]any{"_id": "a<b>", "n": "x"}, map[string]any{"_id": "2"}}
	for _, page := range []Page{
		{},
		{Cookie: "eyJzIjoibmFtZSJ9", Policy: TotalNone, Total: -1},
		{Policy: TotalExact, Total: 42},
		{Cookie: "c&<>", Policy: TotalEstimate, Total: 0},
	} {
		for n := 0; n <= len(items); n++ {
			var want bytes.Buffer
			_ = json.NewEncoder(&want).Encode(NewEnvelope(items[:n], page))
			got := AppendEnvelope(nil, n, func(dst []byte, i int) []byte {
				b, _ := json.Marshal(items[i])
				return append(dst, b...)
			}, page)
			if !bytes.Equal(got, want.Bytes()) {
				t.Errorf("page %+v, %d items:\n got %s\nwant %s", page, n, got, want.Bytes())
			}
		}
	}
}
