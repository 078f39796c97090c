package tenant

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/pingclone/aic-console/tenant/crest"
)

// esvIDPattern is the ESV id rule: "esv-", then lowercase letters, digits and
// hyphens, 124 characters at most in all.
var esvIDPattern = regexp.MustCompile(`^esv-[a-z0-9-]+$`)

const (
	esvIDMaxLength          = 124
	esvDescriptionMaxLength = 1000
	esvDefaultPageSize      = 100
	esvMaxPageSize          = 1000
)

func validESVID(id string) error {
	if len(id) > esvIDMaxLength || !esvIDPattern.MatchString(id) {
		return crest.FieldError("_id", "The ESV id must start with esv-, then hold only lowercase letters, digits and hyphens, 124 characters at most")
	}
	return nil
}

func validESVDescription(d string) error {
	if len(d) > esvDescriptionMaxLength {
		return crest.FieldError("description", "The description must be at most 1000 characters")
	}
	return nil
}

// decodeBase64Value checks valueBase64 and returns the decoded bytes.
func decodeBase64Value(v *string) ([]byte, error) {
	if v == nil {
		return nil, crest.FieldError("valueBase64", "valueBase64 is required")
	}
	b, err := base64.StdEncoding.DecodeString(*v)
	if err != nil {
		return nil, crest.FieldError("valueBase64", "valueBase64 is not valid base64")
	}
	return b, nil
}

// readResourceJSON decodes a JSON object body into v, answering 400 on
// anything else (and 413 on a body over the limit).
func readResourceJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return crest.NewError(http.StatusRequestEntityTooLarge, "The request body is too large")
		}
		return crest.BadRequest("The request body could not be read")
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return crest.BadRequest("The request body must be a JSON object")
	}
	if err := json.Unmarshal(body, v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return crest.FieldError(typeErr.Field, "The field "+typeErr.Field+" has the wrong type")
		}
		return crest.BadRequest("The request body is not valid JSON")
	}
	return nil
}

// pageParams reads _pageSize and _pagedResultsCookie (the last _id of the
// previous page, base64url).
func pageParams(r *http.Request) (after string, size int, err error) {
	q := r.URL.Query()
	size = esvDefaultPageSize
	if s := q.Get("_pageSize"); s != "" {
		n, convErr := strconv.Atoi(s)
		if convErr != nil || n < 0 {
			return "", 0, crest.FieldError("_pageSize", "_pageSize must be a non-negative integer")
		}
		if n > 0 {
			size = min(n, esvMaxPageSize)
		}
	}
	if c := q.Get("_pagedResultsCookie"); c != "" {
		b, decErr := base64.RawURLEncoding.DecodeString(c)
		if decErr != nil {
			return "", 0, crest.FieldError("_pagedResultsCookie", "_pagedResultsCookie is not a cookie this tenant issued")
		}
		after = string(b)
	}
	return after, size, nil
}

// queryEnvelope is the CREST query answer of TENANT-API.md §1.
type queryEnvelope struct {
	Result                  any     `json:"result"`
	ResultCount             int     `json:"resultCount"`
	PagedResultsCookie      *string `json:"pagedResultsCookie"`
	TotalPagedResultsPolicy string  `json:"totalPagedResultsPolicy"`
	TotalPagedResults       int     `json:"totalPagedResults"`
	RemainingPagedResults   int     `json:"remainingPagedResults"`
}

// pageEnvelope wraps one page; more says whether a next page exists, and
// lastID is the cookie's content then.
func pageEnvelope(result any, count int, more bool, lastID string) queryEnvelope {
	env := queryEnvelope{Result: result, ResultCount: count, TotalPagedResultsPolicy: "NONE", TotalPagedResults: -1, RemainingPagedResults: -1}
	if more {
		c := base64.RawURLEncoding.EncodeToString([]byte(lastID))
		env.PagedResultsCookie = &c
	}
	return env
}

// rfc3339 renders a time as the ESV API does.
func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
