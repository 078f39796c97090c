package oauth

import (
	"net/http"
	"net/url"

	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/oauth/pages"
)

// EndSession serves GET and POST /am/oauth2/connect/endSession (OpenID
// Connect RP-initiated logout): it ends the AM session named by the cookie
// or header, clears the cookie, and sends the browser to
// post_logout_redirect_uri when that is registered (PostLogoutPaths), with
// state added. An unregistered address gets an error page instead.
func (s *Server) EndSession(w http.ResponseWriter, r *http.Request) error {
	noStore(w)
	if err := r.ParseForm(); err != nil {
		return s.errorPage(w, r, http.StatusBadRequest, "The sign-out request could not be read.")
	}
	target := r.Form.Get("post_logout_redirect_uri")
	if target != "" && !s.registeredPostLogoutURI(target) {
		return s.errorPage(w, r, http.StatusBadRequest, "The post_logout_redirect_uri is not registered for this tenant.")
	}
	if sess, ok := s.currentSession(r); ok {
		if err := s.Store.DeleteSession(r.Context(), sess.TokenID); err != nil {
			return err
		}
		s.Log.Info("administrator signed out", "username", sess.Username, "request_id", crest.RequestID(r))
	}
	s.clearSessionCookie(w)
	if target != "" {
		v := url.Values{}
		if st := r.Form.Get("state"); st != "" {
			v.Set("state", st)
		}
		if len(v) > 0 {
			target = withQuery(target, v)
		}
		http.Redirect(w, r, target, http.StatusFound)
		return nil
	}
	return s.render(w, r, http.StatusOK, pages.MessagePage(pages.Message{
		Title: "Signed out", Heading: "You are signed out",
		Text: "Your tenant session has ended.", TestID: "signed-out",
		LinkURL: s.BaseURL.String() + "/admin/", LinkText: "Sign in again",
	}))
}
