package tenantapi

import (
	"net/url"
	"strings"

	"golang.org/x/oauth2"
)

// AdminClientID is the admin console's OAuth 2.0 client on real tenants.
const AdminClientID = "idmAdminClient"

// AdminScopes are the scopes the console asks for on behalf of an administrator.
var AdminScopes = []string{"openid", "fr:idm:*", "fr:idc:esv:*"}

// AdminOAuthConfig is the console's OAuth 2.0 client: a public client using
// the authorization code grant with PKCE. browserTenantURL is where the
// browser is sent to sign in; serverTenantURL is where the console exchanges
// the code (they differ only when the console reaches the tenant in-process).
func AdminOAuthConfig(consoleBaseURL, browserTenantURL, serverTenantURL string) *oauth2.Config {
	browser := strings.TrimRight(browserTenantURL, "/")
	server := strings.TrimRight(serverTenantURL, "/")
	return &oauth2.Config{
		ClientID: AdminClientID,
		Endpoint: oauth2.Endpoint{
			AuthURL:   browser + "/am/oauth2/authorize",
			TokenURL:  server + "/am/oauth2/access_token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: strings.TrimRight(consoleBaseURL, "/") + "/admin/oauth/callback",
		Scopes:      AdminScopes,
	}
}

// EndSessionURL is where the browser goes to end its tenant session after
// signing out of the console.
func EndSessionURL(browserTenantURL, postLogoutRedirect string) string {
	return strings.TrimRight(browserTenantURL, "/") + "/am/oauth2/connect/endSession?post_logout_redirect_uri=" +
		url.QueryEscape(postLogoutRedirect)
}
