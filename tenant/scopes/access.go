package scopes

import (
	"net/http"
	"strings"
)

// Access is one row of the scope → API table: requests to Prefix (the path
// itself or anything below it) with one of Methods (nil means any method) are
// opened by any of Scopes. DeprecatedBy lists scopes that still open the
// endpoint but only for backward compatibility: answers carry a Deprecation
// header. A row without scopes closes its paths to every service account token.
type Access struct {
	Prefix       string
	Methods      []string
	Scopes       []string
	DeprecatedBy []string
	// Emulated is false for APIs the tenant does not implement: after the scope
	// check they answer 501.
	Emulated bool
}

var (
	readMethods  = []string{http.MethodGet, http.MethodHead}
	writeMethods = []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}
)

// ESVDeprecationNotice documents that fr:idm:* opening the ESV API is deprecated.
const ESVDeprecationNotice = "https://docs.pingidentity.com/pingoneaic/product-information/deprecation-notices.html#esv-rest-api-using-idm-scope"

// AccessTable maps every catalogued scope to the tenant API paths it opens,
// following the seed and the product's API reference. Rows are matched by the
// longest prefix, then by method; a path may have several rows (read and write).
var AccessTable = []Access{
	// AM: everything under /am except the endpoints a client uses to obtain a
	// token or a session (they need no token) and the administrators' own.
	{Prefix: "/am/oauth2/access_token"},
	{Prefix: "/am/oauth2/authorize"},
	{Prefix: "/am/oauth2/introspect"},
	{Prefix: "/am/oauth2/connect/endSession"},
	{Prefix: "/am/json/realms/root/authenticate"},
	{Prefix: "/am/json/authenticate"},
	{Prefix: "/am/json/realms/root/sessions"},
	{Prefix: "/am/XUI"},
	{Prefix: "/am/", Scopes: []string{"fr:am:*"}},

	// IDM.
	{Prefix: "/openidm/", Scopes: []string{"fr:idm:*"}},

	// ESVs: variables, secrets and the restart that loads them.
	{Prefix: "/environment/variables", Methods: readMethods, Scopes: []string{"fr:idc:esv:read", "fr:idc:esv:*"}, DeprecatedBy: []string{"fr:idm:*"}, Emulated: true},
	{Prefix: "/environment/variables", Methods: writeMethods, Scopes: []string{"fr:idc:esv:update", "fr:idc:esv:*"}, DeprecatedBy: []string{"fr:idm:*"}, Emulated: true},
	{Prefix: "/environment/secrets", Methods: readMethods, Scopes: []string{"fr:idc:esv:read", "fr:idc:esv:*"}, DeprecatedBy: []string{"fr:idm:*"}, Emulated: true},
	{Prefix: "/environment/secrets", Methods: writeMethods, Scopes: []string{"fr:idc:esv:update", "fr:idc:esv:*"}, DeprecatedBy: []string{"fr:idm:*"}, Emulated: true},
	{Prefix: "/environment/startup", Methods: readMethods, Scopes: []string{"fr:idc:esv:read", "fr:idc:esv:restart", "fr:idc:esv:*"}, DeprecatedBy: []string{"fr:idm:*"}, Emulated: true},
	{Prefix: "/environment/startup", Methods: writeMethods, Scopes: []string{"fr:idc:esv:restart", "fr:idc:esv:*"}, DeprecatedBy: []string{"fr:idm:*"}, Emulated: true},

	// Certificates (and their signing requests).
	{Prefix: "/environment/certificates", Methods: readMethods, Scopes: []string{"fr:idc:certificate:read", "fr:idc:certificate:*"}, Emulated: true},
	{Prefix: "/environment/certificates", Methods: writeMethods, Scopes: []string{"fr:idc:certificate:*"}, Emulated: true},
	{Prefix: "/environment/csrs", Methods: readMethods, Scopes: []string{"fr:idc:certificate:read", "fr:idc:certificate:*"}},
	{Prefix: "/environment/csrs", Methods: writeMethods, Scopes: []string{"fr:idc:certificate:*"}},

	// Environment APIs the tenant does not emulate.
	{Prefix: "/environment/content-security-policy", Scopes: []string{"fr:idc:content-security-policy:*"}},
	{Prefix: "/environment/cookie-domains", Scopes: []string{"fr:idc:cookie-domain:*"}},
	{Prefix: "/environment/custom-domains", Scopes: []string{"fr:idc:custom-domain:*"}},
	{Prefix: "/environment/promotion", Scopes: []string{"fr:idc:promotion:*"}},
	{Prefix: "/environment/release", Scopes: []string{"fr:idc:release:*"}},
	{Prefix: "/environment/sso-cookie", Scopes: []string{"fr:idc:sso-cookie:*"}},
	{Prefix: "/environment/telemetry", Scopes: []string{"fr:idc:telemetry:*"}},
	{Prefix: "/environment/analytics", Scopes: []string{"fr:idc:analytics:*"}},
	{Prefix: "/environment/datasets", Scopes: []string{"fr:idc:dataset:*"}},
	{Prefix: "/environment/mtls", Scopes: []string{"fr:idc:mtls:*"}},
	{Prefix: "/environment/proxy-connect", Methods: readMethods, Scopes: []string{"fr:idc:proxy-connect:read", "fr:idc:proxy-connect:*"}},
	{Prefix: "/environment/proxy-connect", Methods: writeMethods, Scopes: []string{"fr:idc:proxy-connect:write", "fr:idc:proxy-connect:*"}},
	{Prefix: "/environment/ws-fed", Scopes: []string{"fr:idc:ws:admin"}},
	{Prefix: "/iga/", Scopes: []string{"fr:iga:*"}},

	// Restricted: never open to a service account token.
	{Prefix: "/environment/federation"},
}

// Decision is what the access table says about one request.
type Decision struct {
	// Listed is true when the path is in the table at all.
	Listed bool
	// Allowed is true when one of the granted scopes opens the request.
	Allowed bool
	// Deprecated is true when only a deprecated scope opens it.
	Deprecated bool
	// Emulated is false when the API behind the path is not implemented here.
	Emulated bool
}

// Authorize decides whether a service account token holding granted may send
// method to path. Unlisted paths are never open to a service account.
func Authorize(method, path string, granted []string) Decision {
	row, ok := lookupAccess(method, path)
	if !ok {
		return Decision{}
	}
	d := Decision{Listed: true, Emulated: row.Emulated}
	for _, need := range row.Scopes {
		if holdsScope(granted, need) {
			d.Allowed = true
			return d
		}
	}
	for _, need := range row.DeprecatedBy {
		if holdsScope(granted, need) {
			d.Allowed, d.Deprecated = true, true
			return d
		}
	}
	return d
}

// RowFor returns the table row that governs method on path.
func RowFor(method, path string) (Access, bool) { return lookupAccess(method, path) }

func lookupAccess(method, path string) (Access, bool) {
	var best Access
	found := false
	for _, row := range AccessTable {
		if !underPrefix(path, row.Prefix) || !methodIn(method, row.Methods) {
			continue
		}
		if !found || len(row.Prefix) > len(best.Prefix) {
			best, found = row, true
		}
	}
	return best, found
}

// underPrefix matches whole path segments: /environment/variables opens
// /environment/variables/esv-x but not /environment/variablesX.
func underPrefix(path, prefix string) bool {
	if strings.HasSuffix(prefix, "/") {
		return strings.HasPrefix(path, prefix) || path == strings.TrimSuffix(prefix, "/")
	}
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

func methodIn(method string, methods []string) bool {
	if methods == nil {
		return true
	}
	for _, m := range methods {
		if m == method {
			return true
		}
	}
	return false
}

// holdsScope reports whether granted contains need or a scope covering it.
// Restricted scopes open nothing.
func holdsScope(granted []string, need string) bool {
	if Restricted(need) {
		return false
	}
	return CoveredBy(granted, need)
}
