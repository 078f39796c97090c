package query

import (
	"net/http"
	"strconv"
	"sync"
	"unicode/utf8"
)

// The query answer is written by appending bytes rather than through
// encoding/json and maps: the bytes are the same as json.NewEncoder(w).Encode
// of the Envelope with map results would give (keys in sorted order, HTML
// characters escaped, a final newline), which tests check, at a fraction of
// the cost per row.

// AppendJSONString appends s as a JSON string exactly as encoding/json writes
// it: <, >, & and control characters as \u00XX (\b \f \n \r \t short),
// invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func AppendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendEnvelope appends the query envelope of n results, each appended by
// item (as one JSON value), with the page's cookie and totals, followed by a
// newline: the bytes NewEnvelope's value encodes to with json.Encoder.
func AppendEnvelope(dst []byte, n int, item func(dst []byte, i int) []byte, page Page) []byte {
	dst = append(dst, `{"result":[`...)
	for i := 0; i < n; i++ {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = item(dst, i)
	}
	dst = append(dst, `],"resultCount":`...)
	dst = strconv.AppendInt(dst, int64(n), 10)
	dst = append(dst, `,"pagedResultsCookie":`...)
	if page.Cookie == "" {
		dst = append(dst, "null"...)
	} else {
		dst = AppendJSONString(dst, page.Cookie)
	}
	policy, total := page.Policy, page.Total
	if policy == "" {
		policy, total = TotalNone, -1
	}
	dst = append(dst, `,"totalPagedResultsPolicy":`...)
	dst = AppendJSONString(dst, string(policy))
	dst = append(dst, `,"totalPagedResults":`...)
	dst = strconv.AppendInt(dst, int64(total), 10)
	return append(dst, `,"remainingPagedResults":-1}`+"\n"...)
}

var envelopeBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// WriteEnvelope writes the 200 query answer AppendEnvelope builds, with the
// Content-Type crest.WriteJSON sends.
func WriteEnvelope(w http.ResponseWriter, n int, item func(dst []byte, i int) []byte, page Page) {
	bp := envelopeBuffers.Get().(*[]byte)
	buf := AppendEnvelope((*bp)[:0], n, item, page)
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf)
	if cap(buf) <= 1<<20 { // keep one huge answer from pinning its buffer
		*bp = buf
		envelopeBuffers.Put(bp)
	}
}
