package oauth

import (
	"slices"

	"github.com/pingclone/aic-console/tenant/scopes"
)

// AdminClientID (introspect.go) is idmAdminClient, the admin console's
// public OAuth client on real tenants.

// Paths of the AM endpoints, relative to the tenant base URL.
const (
	AuthorizePath  = "/am/oauth2/authorize"
	TokenPath      = "/am/oauth2/access_token"
	EndSessionPath = "/am/oauth2/connect/endSession"
	SignInPath     = "/am/XUI/"
	// ConsoleCallbackPath is the console's OAuth redirect URI.
	ConsoleCallbackPath = "/admin/oauth/callback"
	// PlatformRedirectPath is the redirect URI real scripts use.
	PlatformRedirectPath = "/platform/appAuthHelperRedirect.html"
)

// PostLogoutPaths are where endSession may send the browser afterwards.
var PostLogoutPaths = []string{"/admin/", "/admin/signed-out", "/admin/login"}

// redirectURIs are idmAdminClient's registered redirect URIs.
func (s *Server) redirectURIs() []string {
	base := s.BaseURL.String()
	uris := []string{base + PlatformRedirectPath, base + ConsoleCallbackPath}
	for _, c := range s.ConsoleBaseURLs {
		uris = append(uris, c+ConsoleCallbackPath)
	}
	return uris
}

func (s *Server) registeredRedirectURI(uri string) bool {
	return slices.Contains(s.redirectURIs(), uri)
}

func (s *Server) registeredPostLogoutURI(uri string) bool {
	for _, base := range append([]string{s.BaseURL.String()}, s.ConsoleBaseURLs...) {
		for _, p := range PostLogoutPaths {
			if uri == base+p {
				return true
			}
		}
	}
	return false
}

// adminScopeAllowed reports whether an administrator may be granted scope
// through idmAdminClient: the OpenID Connect scopes and every catalogue scope
// (restricted ones too: administrators are not service accounts).
func adminScopeAllowed(scope string) bool {
	switch scope {
	case "openid", "profile", "email", "address", "phone", "fr:idm:*", "fr:am:*":
		return true
	}
	return scopes.Known(scope)
}

// defaultAdminScope is granted when authorize names no scope.
const defaultAdminScope = "fr:idm:*"
