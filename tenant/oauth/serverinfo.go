package oauth

import (
	"net/http"

	"github.com/pingclone/aic-console/tenant/crest"
)

// The AM release the tenant reports; scripts read version and fullVersion.
const (
	amVersion  = "7.6.0"
	amRevision = "cd8d9bcbf5"
	amDate     = "2024-October-09 10:04"
)

// ServerInfo serves GET /am/json/serverinfo/{id}: "*" is the server's public
// configuration (cookie name first of all), "version" its release.
func (s *Server) ServerInfo(w http.ResponseWriter, r *http.Request) error {
	switch id := r.PathValue("id"); id {
	case "*":
		crest.WriteJSON(w, http.StatusOK, map[string]any{
			"_id":                                   "*",
			"_rev":                                  "1",
			"domains":                               []string{s.BaseURL.Hostname()},
			"protectedUserAttributes":               []string{"telephoneNumber", "mail"},
			"cookieName":                            s.Authn.CookieName,
			"secureCookie":                          s.secureCookies(),
			"forgotPassword":                        "false",
			"forgotUsername":                        "false",
			"kbaEnabled":                            "false",
			"selfRegistration":                      "false",
			"lang":                                  "en-US",
			"successfulUserRegistrationDestination": "default",
			"socialImplementations":                 []any{},
			"referralsEnabled":                      "false",
			"zeroPageLogin":                         map[string]any{"enabled": false, "refererWhitelist": []string{}, "allowedWithoutReferer": true},
			"realm":                                 "/",
			"xuiUserSessionValidationEnabled":       true,
			"fileBasedConfiguration":                true,
			"userIdAttributes":                      []string{},
		})
		return nil
	case "version":
		crest.WriteJSON(w, http.StatusOK, map[string]string{
			"_id":         "version",
			"_rev":        "1",
			"version":     amVersion,
			"fullVersion": "ForgeRock Access Management " + amVersion + " Build " + amRevision + " (" + amDate + ")",
			"revision":    amRevision,
			"date":        amDate,
		})
		return nil
	default:
		return crest.NotFound("Resource '" + id + "' not found")
	}
}
