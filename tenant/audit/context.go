package audit

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pingclone/aic-console/tenant/crest"
)

// requestInfo is what Record takes from the request that caused an event.
type requestInfo struct {
	requestID     string
	clientAddress string
	now           func() time.Time
}

type requestInfoKey struct{}

// Middleware remembers, for every request, its request ID (crest.WithRequestID
// must run first), the client's address and the tenant's clock, so that Record
// fills them in wherever the event is recorded from.
func Middleware(now func() time.Time) func(http.Handler) http.Handler {
	if now == nil {
		now = time.Now
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			info := requestInfo{requestID: crest.RequestID(r), clientAddress: ClientAddress(r), now: now}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info)))
		})
	}
}

// WithRequest is Middleware's effect for code that has no *http.Request
// (tests, background jobs).
func WithRequest(ctx context.Context, requestID, clientAddress string, now func() time.Time) context.Context {
	return context.WithValue(ctx, requestInfoKey{}, requestInfo{requestID: requestID, clientAddress: clientAddress, now: now})
}

func infoFrom(ctx context.Context) requestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(requestInfo)
	return info
}

// Now is the clock of the request in ctx (the tenant's clock), or time.Now.
func Now(ctx context.Context) time.Time {
	if info := infoFrom(ctx); info.now != nil {
		return info.now()
	}
	return time.Now()
}

// ClientAddress is the IP address of the caller of r. X-Forwarded-For is
// believed only from the loopback interface (the console in front of the
// embedded tenant, a local reverse proxy), and then only its last entry, the
// one that proxy added; anything further left could be made up by the client.
func ClientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	if ip == nil || ip.IsLoopback() {
		if fwd := lastForwarded(r.Header.Values("X-Forwarded-For")); fwd != "" {
			return fwd
		}
	}
	return host
}

func lastForwarded(values []string) string {
	if len(values) == 0 {
		return ""
	}
	parts := strings.Split(values[len(values)-1], ",")
	candidate := strings.TrimSpace(parts[len(parts)-1])
	if ip := net.ParseIP(candidate); ip != nil {
		return ip.String()
	}
	return ""
}

func formatID(id int64) string { return strconv.FormatInt(id, 10) }
