package query

import (
	"net/http"
	"strings"

	"github.com/pingclone/aic-console/tenant/crest"
)

// ETag renders a revision as an entity tag: "<rev>".
func ETag(rev string) string { return `"` + rev + `"` }

// Preconditions are a request's If-Match and If-None-Match headers.
type Preconditions struct {
	// IfMatch is the revision If-Match asks for; "*" means any existing one;
	// "" means the header was absent.
	IfMatch string
	// IfNoneMatch is "*" (the resource must not exist), a revision, or "".
	IfNoneMatch string
}

// ReadPreconditions reads If-Match and If-None-Match. Quotes and a weak
// prefix are optional (older CREST clients send bare revisions); in a list,
// the first entry counts.
func ReadPreconditions(h http.Header) Preconditions {
	return Preconditions{IfMatch: unquoteETag(h.Get("If-Match")), IfNoneMatch: unquoteETag(h.Get("If-None-Match"))}
}

func unquoteETag(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, ','); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	v = strings.TrimPrefix(v, "W/")
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	return v
}

// ExpectedRev is the revision a write must find: "" when any will do.
func (p Preconditions) ExpectedRev() string {
	if p.IfMatch == "*" {
		return ""
	}
	return p.IfMatch
}

// CheckWrite applies the preconditions to a write on a resource that exists
// (with currentRev) or not, answering 412 when they fail.
func (p Preconditions) CheckWrite(exists bool, currentRev string) error {
	switch {
	case p.IfMatch != "" && !exists:
		return crest.PreconditionFailed()
	case p.IfMatch != "" && p.IfMatch != "*" && p.IfMatch != currentRev:
		return crest.PreconditionFailed()
	case p.IfNoneMatch == "*" && exists:
		return crest.PreconditionFailed()
	case p.IfNoneMatch != "" && p.IfNoneMatch != "*" && exists && p.IfNoneMatch == currentRev:
		return crest.PreconditionFailed()
	}
	return nil
}

// NotModified reports whether a read may answer 304: If-None-Match names the
// current revision (or is *).
func (p Preconditions) NotModified(currentRev string) bool {
	return p.IfNoneMatch == "*" || (p.IfNoneMatch != "" && p.IfNoneMatch == currentRev)
}
