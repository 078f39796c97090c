package oauth

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/store"
)

// loginFailure is the one answer to every failed sign-in.
func loginFailure() *crest.Error {
	return crest.NewError(http.StatusUnauthorized, "Login failure")
}

// Authenticate serves POST /am/json/realms/root/authenticate: the credentials
// come as X-OpenAM-Username and X-OpenAM-Password headers (RFC 2047 encoded
// words allowed, as AM accepts them for non-ASCII names), or as filled-in
// callbacks (authenticate_callbacks.go).
func (s *Server) Authenticate(w http.ResponseWriter, r *http.Request) error {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return crest.BadRequest("The request body could not be read")
	}
	var username, password string
	if name := r.Header.Get("X-OpenAM-Username"); name != "" {
		username = decodeHeaderWord(name)
		password = decodeHeaderWord(r.Header.Get("X-OpenAM-Password"))
	} else {
		body, ok := parseCallbackBody(bytes.TrimSpace(raw))
		if !ok {
			return crest.BadRequest("The request body is not valid JSON")
		}
		if body.AuthID == "" {
			return s.startCallbackLogin(w)
		}
		if username, password, ok = s.callbackCredentials(body); !ok {
			return loginFailure()
		}
	}
	if username == "" || password == "" {
		return loginFailure()
	}
	sess, err := s.signIn(r.Context(), username, password)
	if errors.Is(err, errLoginFailure) {
		s.Log.Info("administrator sign-in failed", "username", username, "request_id", crest.RequestID(r))
		return loginFailure()
	}
	if err != nil {
		return err
	}
	s.Log.Info("administrator signed in", "username", sess.Username, "request_id", crest.RequestID(r))
	s.setSessionCookie(w, sess.TokenID)
	w.Header().Set("Cache-Control", "no-store")
	crest.WriteJSON(w, http.StatusOK, map[string]string{
		"tokenId": sess.TokenID, "successUrl": "/enduser/?realm=/", "realm": "/",
	})
	return nil
}

func decodeHeaderWord(v string) string {
	if strings.HasPrefix(v, "=?") {
		if d, err := new(mime.WordDecoder).DecodeHeader(v); err == nil {
			return d
		}
	}
	return v
}

// Sessions serves POST /am/json/realms/root/sessions/?_action=getSessionInfo|logout.
func (s *Server) Sessions(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		TokenID string `json:"tokenId"`
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return crest.BadRequest("The request body could not be read")
	}
	if len(strings.TrimSpace(string(raw))) > 0 {
		if err := json.Unmarshal(raw, &body); err != nil {
			return crest.BadRequest("The request body is not valid JSON")
		}
	}
	// The session asked about: the body's tokenId, else the caller's own.
	tokenID := body.TokenID
	if tokenID == "" {
		tokenID = s.Authn.SessionToken(r)
	}
	switch action := r.URL.Query().Get("_action"); action {
	case "getSessionInfo", "getsessioninfo":
		sess, ok := s.liveSession(r.Context(), tokenID)
		if !ok {
			return crest.Unauthorized()
		}
		crest.WriteJSON(w, http.StatusOK, sessionInfo(sess))
		return nil
	case "validate":
		sess, ok := s.liveSession(r.Context(), tokenID)
		if !ok {
			crest.WriteJSON(w, http.StatusOK, map[string]any{"valid": false})
			return nil
		}
		crest.WriteJSON(w, http.StatusOK, map[string]any{
			"valid": true, "sessionUid": "", "uid": sess.Username, "realm": "/",
		})
		return nil
	case "logout":
		// Logout ends the caller's own session (cookie or header), as AM does.
		own := s.Authn.SessionToken(r)
		if own == "" {
			own = body.TokenID
		}
		sess, ok := s.liveSession(r.Context(), own)
		if !ok {
			return crest.Unauthorized()
		}
		if err := s.Store.DeleteSession(r.Context(), sess.TokenID); err != nil {
			return err
		}
		s.Log.Info("administrator signed out", "username", sess.Username, "request_id", crest.RequestID(r))
		s.clearSessionCookie(w)
		crest.WriteJSON(w, http.StatusOK, map[string]string{"result": "Successfully logged out"})
		return nil
	case "":
		return crest.BadRequest("Missing parameter: _action")
	default:
		return crest.BadRequest("Action '" + action + "' not supported")
	}
}

func sessionInfo(sess store.Session) map[string]any {
	return map[string]any{
		"username":                 sess.Username,
		"universalId":              "id=" + sess.Username + ",ou=user,ou=am-config",
		"realm":                    "/",
		"latestAccessTime":         sess.LastAccess.UTC().Format(time.RFC3339),
		"maxIdleExpirationTime":    sess.IdleExpires.UTC().Format(time.RFC3339),
		"maxSessionExpirationTime": sess.MaxExpires.UTC().Format(time.RFC3339),
		"properties":               map[string]any{},
	}
}
