package tenantapi

import (
	"context"
	"net"
)

type forwardedForKey struct{}

// WithClientAddress records, in ctx, the address of the browser a console
// request acts for; calls made with ctx send it as X-Forwarded-For, so the
// tenant's audit trail names the administrator's address rather than the
// console's. (The tenant believes the header only from loopback, i.e. from
// the embedded console.)
func WithClientAddress(ctx context.Context, ip string) context.Context {
	if net.ParseIP(ip) == nil {
		return ctx
	}
	return context.WithValue(ctx, forwardedForKey{}, ip)
}

func clientAddress(ctx context.Context) string {
	ip, _ := ctx.Value(forwardedForKey{}).(string)
	return ip
}
