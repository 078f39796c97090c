package oauth

import (
	"encoding/base64"
	"fmt"
	"reflect"
	"testing"
)

// The cache answers exactly as checkHeader does, the first time and after.
func TestHeaderCacheDecidesAsCheckHeader(t *testing.T) {
	seg := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	assertions := []string{
		seg(`{"alg":"RS256","typ":"JWT"}`) + ".e30.sig",
		seg(`{"alg":"RS256","kid":"k0"}`) + ".e30.sig",
		seg(`{"alg":"none"}`) + ".e30.",
		seg(`{"alg":"HS256"}`) + ".e30.sig",
		seg(`{"alg":"RS256","crit":["exp"]}`) + ".e30.sig",
		seg(`{"ALG":"RS256"}`) + ".e30.sig",
		seg(`{`) + ".e30.sig",
		"!!!.e30.sig",
		seg(`{"alg":"RS256"}`) + ".e30",
		seg(`{"alg":"RS256"}`) + ".e30.sig.extra",
		"no dots at all",
	}
	c := newHeaderCache()
	for round := range 2 {
		for _, a := range assertions {
			if got, want := c.check(a), checkHeader(a); !reflect.DeepEqual(got, want) {
				t.Errorf("round %d, %q: cache says %v, checkHeader %v", round, a, got, want)
			}
		}
	}
}

func TestHeaderCacheIsBounded(t *testing.T) {
	c := newHeaderCache()
	for i := range headerCacheMax * 3 {
		c.check(base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf(`{"alg":"RS256","kid":"%d"}`, i))) + ".e30.sig")
	}
	if n := len(c.entries); n > headerCacheMax {
		t.Fatalf("%d entries, more than %d", n, headerCacheMax)
	}
}
