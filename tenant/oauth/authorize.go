package oauth

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/store"
)

// authorizeRequest is an authorization request (RFC 6749 §4.1.1 with PKCE).
type authorizeRequest struct {
	clientID, redirectURI, responseType, scope, state string
	codeChallenge, codeChallengeMethod                string
	prompt                                            string
}

// authorizeParams are carried through the sign-in page; decision and csrf
// are not (they belong to one POST).
var authorizeParams = []string{
	"client_id", "redirect_uri", "response_type", "scope", "state",
	"code_challenge", "code_challenge_method", "nonce", "prompt", "acr_values", "realm",
}

// pkceChallenge is an S256 challenge: base64url of a SHA-256 digest.
var pkceChallenge = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// Authorize serves GET and POST /am/oauth2/authorize for idmAdminClient.
// Problems with the client or the redirect URI are shown as a page (the
// browser is never sent to an unregistered address); other problems go back
// to the redirect URI as error=... (RFC 6749 §4.1.2.1).
func (s *Server) Authorize(w http.ResponseWriter, r *http.Request) error {
	noStore(w)
	if err := r.ParseForm(); err != nil {
		return s.errorPage(w, r, http.StatusBadRequest, "The authorization request could not be read.")
	}
	for _, p := range []string{"client_id", "redirect_uri"} {
		if len(r.Form[p]) > 1 {
			return s.errorPage(w, r, http.StatusBadRequest, "The parameter "+p+" was given more than once.")
		}
	}
	req := authorizeRequest{
		clientID: r.Form.Get("client_id"), redirectURI: r.Form.Get("redirect_uri"),
		responseType: r.Form.Get("response_type"), scope: r.Form.Get("scope"), state: r.Form.Get("state"),
		codeChallenge: r.Form.Get("code_challenge"), codeChallengeMethod: r.Form.Get("code_challenge_method"),
		prompt: r.Form.Get("prompt"),
	}
	switch {
	case req.clientID == "":
		return s.errorPage(w, r, http.StatusBadRequest, "The request names no client (client_id is missing).")
	case req.clientID != AdminClientID:
		return s.errorPage(w, r, http.StatusBadRequest, "The client is not known to this tenant.")
	case req.redirectURI == "":
		return s.errorPage(w, r, http.StatusBadRequest, "The request has no redirect_uri.")
	case !s.registeredRedirectURI(req.redirectURI):
		return s.errorPage(w, r, http.StatusBadRequest, "The redirect_uri is not registered for this client.")
	}
	for _, p := range authorizeParams {
		if len(r.Form[p]) > 1 {
			return s.redirectError(w, r, req, "invalid_request", "The parameter "+p+" was given more than once")
		}
	}
	switch {
	case req.responseType == "":
		return s.redirectError(w, r, req, "invalid_request", "Missing parameter: response_type")
	case req.responseType != "code":
		return s.redirectError(w, r, req, "unsupported_response_type", "Response type is not supported: "+req.responseType)
	case req.codeChallenge == "":
		return s.redirectError(w, r, req, "invalid_request", "Missing parameter: code_challenge (PKCE is required)")
	case req.codeChallengeMethod != "S256":
		return s.redirectError(w, r, req, "invalid_request", "code_challenge_method must be S256")
	case !pkceChallenge.MatchString(req.codeChallenge):
		return s.redirectError(w, r, req, "invalid_request", "code_challenge is not a valid S256 challenge")
	}
	scope, bad := grantableScope(req.scope)
	if bad != "" {
		return s.redirectError(w, r, req, "invalid_scope", "Unknown/invalid scope(s): "+bad)
	}

	sess, ok := s.currentSession(r)
	if !ok {
		if req.prompt == "none" {
			return s.redirectError(w, r, req, "login_required", "The user is not signed in")
		}
		http.Redirect(w, r, s.signInURL(s.authorizeURL(r.Form)), http.StatusFound)
		return nil
	}
	if r.Method == http.MethodPost {
		// A script approves by posting decision=allow with its session's
		// tokenId as csrf; a cross-site form cannot know the tokenId.
		if !sameToken(r.PostForm.Get("csrf"), sess.TokenID) {
			return s.redirectError(w, r, req, "access_denied", "CSRF check failed: csrf must be the session's tokenId")
		}
		if !strings.EqualFold(r.PostForm.Get("decision"), "allow") {
			return s.redirectError(w, r, req, "access_denied", "Resource owner did not authorize the request")
		}
	}
	// A browser's GET with a live session: this first-party admin client
	// needs no consent screen, as on real tenants.
	return s.issueCode(w, r, req, scope, sess)
}

func (s *Server) issueCode(w http.ResponseWriter, r *http.Request, req authorizeRequest, scope string, sess store.Session) error {
	code, err := s.signin.codes.issue(authCode{
		clientID: req.clientID, redirectURI: req.redirectURI, codeChallenge: req.codeChallenge,
		username: sess.Username, scope: scope, sessionID: sess.TokenID,
	})
	if err != nil {
		return err
	}
	s.Log.Info("authorization code issued", "username", sess.Username, "client_id", req.clientID, "request_id", crest.RequestID(r))
	v := url.Values{"code": {code}, "iss": {s.issuer()}, "client_id": {req.clientID}}
	if req.state != "" {
		v.Set("state", req.state)
	}
	http.Redirect(w, r, withQuery(req.redirectURI, v), http.StatusFound)
	return nil
}

// grantableScope checks the requested scopes and returns them normalised
// (duplicates dropped); bad lists the ones that may not be granted.
func grantableScope(param string) (scope, bad string) {
	var ok, refused []string
	seen := map[string]bool{}
	for _, sc := range strings.Fields(param) {
		if seen[sc] {
			continue
		}
		seen[sc] = true
		if adminScopeAllowed(sc) {
			ok = append(ok, sc)
		} else {
			refused = append(refused, sc)
		}
	}
	if len(refused) > 0 {
		return "", strings.Join(refused, ",")
	}
	if len(ok) == 0 {
		return defaultAdminScope, ""
	}
	return strings.Join(ok, " "), ""
}

// redirectError sends an error back to the (already checked) redirect URI.
func (s *Server) redirectError(w http.ResponseWriter, r *http.Request, req authorizeRequest, code, desc string) error {
	v := url.Values{"error": {code}, "error_description": {desc}, "iss": {s.issuer()}}
	if req.state != "" {
		v.Set("state", req.state)
	}
	http.Redirect(w, r, withQuery(req.redirectURI, v), http.StatusFound)
	return nil
}

// issuer is the OAuth issuer of the root realm, as AM names it.
func (s *Server) issuer() string { return s.BaseURL.String() + "/am/oauth2" }

// authorizeURL rebuilds the authorization request as a GET URL on this tenant.
func (s *Server) authorizeURL(form url.Values) string {
	v := url.Values{}
	for _, p := range authorizeParams {
		if val := form.Get(p); val != "" {
			v.Set(p, val)
		}
	}
	return s.BaseURL.String() + AuthorizePath + "?" + v.Encode()
}

// signInURL is the sign-in page that returns to goto afterwards.
func (s *Server) signInURL(gotoURL string) string {
	v := url.Values{"realm": {"/"}}
	if gotoURL != "" {
		v.Set("goto", gotoURL)
	}
	return s.BaseURL.String() + SignInPath + "?" + v.Encode()
}

// safeGoto accepts only this tenant's own authorize URL (absolute or
// root-relative) and returns it rebuilt on the base URL; anything else is
// refused, so the sign-in page cannot be used as an open redirect.
func (s *Server) safeGoto(raw string) (string, bool) {
	if raw == "" || len(raw) > 4096 || strings.ContainsAny(raw, "\\\r\n\t") {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.Fragment != "" || u.Opaque != "" {
		return "", false
	}
	if u.IsAbs() || u.Host != "" {
		if u.Scheme != s.BaseURL.Scheme || u.Host != s.BaseURL.Host {
			return "", false
		}
	} else if !strings.HasPrefix(raw, "/") || strings.HasPrefix(raw, "//") {
		return "", false
	}
	if u.Path != AuthorizePath {
		return "", false
	}
	return s.BaseURL.String() + AuthorizePath + "?" + u.Query().Encode(), true
}

func withQuery(base string, v url.Values) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	q := u.Query()
	for k, vals := range v {
		q[k] = vals
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
}
