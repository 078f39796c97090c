// Package scopes is the one source of the service account scope catalogue
// (the seed's tables): the catalogue endpoint, validation, the console's picker
// and token checks all read it.
package scopes

import "strings"

// Group headings, as the seed names its tables.
const (
	GroupAMIDM       = "Scopes for AM and IDM APIs in Advanced Identity Cloud"
	GroupEnvironment = "Scopes for Advanced Identity Cloud environment APIs"
	GroupDevelopment = "Scopes for Advanced Identity Cloud APIs under development"
	GroupAddOn       = "Scopes for add-on capability APIs"
	GroupRestricted  = "Restricted scopes"
)

// Scope is one catalogue entry.
type Scope struct {
	Name       string
	Purpose    string
	Group      string
	Parent     string // set on child scopes such as fr:idc:esv:read
	Restricted bool
	Children   []Scope
}

// Catalogue is every scope of the seed, in the seed's order; children sit under
// their parent.
var Catalogue = []Scope{
	{Name: "fr:am:*", Purpose: "Access to /am/* API endpoints", Group: GroupAMIDM},
	{Name: "fr:idm:*", Purpose: "Access to /openidm/*", Group: GroupAMIDM},

	{Name: "fr:idc:certificate:*", Purpose: "Access to certificate API endpoints", Group: GroupEnvironment, Children: []Scope{
		{Name: "fr:idc:certificate:read", Purpose: "Read-only access to certificate API endpoints. Use this scope if you only need to list certificates."},
	}},
	{Name: "fr:idc:content-security-policy:*", Purpose: "Access to Content Security Policy API endpoints", Group: GroupEnvironment},
	{Name: "fr:idc:cookie-domain:*", Purpose: "Full access to cookie domain API endpoints.", Group: GroupEnvironment},
	{Name: "fr:idc:custom-domain:*", Purpose: "Access to custom domain endpoints", Group: GroupEnvironment},
	{Name: "fr:idc:esv:*", Purpose: "Access to ESV API endpoints", Group: GroupEnvironment, Children: []Scope{
		{Name: "fr:idc:esv:read", Purpose: "Read-only access to ESV API endpoints. Use this scope if you only need to list ESVs."},
		{Name: "fr:idc:esv:update", Purpose: "Create, update, and delete access to ESV API endpoints"},
		{Name: "fr:idc:esv:restart", Purpose: "Access to ESV API endpoint to restart Advanced Identity Cloud services"},
	}},
	{Name: "fr:idc:promotion:*", Purpose: "Access to promotions API endpoints", Group: GroupEnvironment},
	{Name: "fr:idc:release:*", Purpose: "Access to release management API endpoints", Group: GroupEnvironment},
	{Name: "fr:idc:sso-cookie:*", Purpose: "Access to SSO cookie API endpoints", Group: GroupEnvironment},
	{Name: "fr:idc:telemetry:*", Purpose: "Access to log event exporter API endpoints", Group: GroupEnvironment},

	{Name: "fr:idc:analytics:*", Purpose: "Access to analytics API endpoints", Group: GroupDevelopment},
	{Name: "fr:idc:dataset:*", Purpose: "Access to dataset deletion API endpoints", Group: GroupDevelopment},
	{Name: "fr:idc:mtls:*", Purpose: "Access to mTLS (mutual TLS) API endpoints", Group: GroupDevelopment},

	{Name: "fr:idc:proxy-connect:*", Purpose: "Full access to Proxy Connect API endpoints. Use this scope to view, create, activate, deactivate, or delete rules.", Group: GroupAddOn, Children: []Scope{
		{Name: "fr:idc:proxy-connect:read", Purpose: "Read-only access to Proxy Connect API endpoints. Use this scope if you only need to view rules."},
		{Name: "fr:idc:proxy-connect:write", Purpose: "Write access to Proxy Connect API endpoints. Use this scope to create, activate, deactivate, or delete rules."},
	}},
	{Name: "fr:iga:*", Purpose: "Access to IGA API endpoints", Group: GroupAddOn},
	{Name: "fr:idc:ws:admin", Purpose: "Access to WS-Federation API endpoints", Group: GroupAddOn},

	{Name: "fr:idc:federation:*", Purpose: "Access to federation API endpoints", Group: GroupRestricted, Restricted: true},
}

var byName = index()

func index() map[string]Scope {
	m := map[string]Scope{}
	for _, s := range Catalogue {
		m[s.Name] = s
		for _, c := range s.Children {
			c.Group, c.Parent, c.Restricted = s.Group, s.Name, s.Restricted
			m[c.Name] = c
		}
	}
	return m
}

// Lookup finds a scope (parent or child) by name.
func Lookup(name string) (Scope, bool) {
	s, ok := byName[name]
	return s, ok
}

// Known reports whether name is in the catalogue (restricted scopes included).
func Known(name string) bool { _, ok := byName[name]; return ok }

// Restricted reports whether name is a restricted scope or a child of one.
func Restricted(name string) bool { s, ok := byName[name]; return ok && s.Restricted }

// Assignable lists the scopes a service account may hold, restricted ones left out.
func Assignable() []Scope {
	out := make([]Scope, 0, len(Catalogue))
	for _, s := range Catalogue {
		if !s.Restricted {
			out = append(out, s)
		}
	}
	return out
}

// Covers reports whether holding granted allows asking for requested: a scope
// covers itself, and a parent (fr:idc:esv:*) covers its children
// (fr:idc:esv:read), never the reverse. Restricted scopes cover nothing.
func Covers(granted, requested string) bool {
	if Restricted(granted) || Restricted(requested) {
		return false
	}
	if granted == requested {
		return Known(granted)
	}
	s, ok := byName[requested]
	return ok && s.Parent == granted
}

// CoveredBy reports whether any of granted covers requested.
func CoveredBy(granted []string, requested string) bool {
	for _, g := range granted {
		if Covers(g, requested) {
			return true
		}
	}
	return false
}

// Split parses an OAuth 2.0 scope parameter (space-separated).
func Split(param string) []string { return strings.Fields(param) }
