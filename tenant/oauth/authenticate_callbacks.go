package oauth

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/crest"
)

// Callback logins: tools that do not send the X-OpenAM headers first POST an
// empty body and get AM's callbacks (a NameCallback and a PasswordCallback)
// with an authId, then POST them back filled in.

// authIDKind marks the tenant-signed JWT used as authId; the Authenticator
// accepts no such token as a credential.
const authIDKind auth.Kind = "am-authid"

const authIDLifetime = 5 * time.Minute

type callbackValue struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

type callback struct {
	Type   string          `json:"type"`
	Output []callbackValue `json:"output"`
	Input  []callbackValue `json:"input"`
	ID     int             `json:"_id"`
}

type callbackBody struct {
	AuthID    string     `json:"authId"`
	Callbacks []callback `json:"callbacks"`
}

func loginCallbacks() []callback {
	return []callback{
		{Type: "NameCallback", Output: []callbackValue{{"prompt", "User Name"}}, Input: []callbackValue{{"IDToken1", ""}}, ID: 0},
		{Type: "PasswordCallback", Output: []callbackValue{{"prompt", "Password"}}, Input: []callbackValue{{"IDToken2", ""}}, ID: 1},
	}
}

// startCallbackLogin answers the first step: the callbacks to fill in.
func (s *Server) startCallbackLogin(w http.ResponseWriter) error {
	authID, _, err := s.Signer.Mint(authIDKind, "", "", "", authIDLifetime, s.clock())
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	crest.WriteJSON(w, http.StatusOK, map[string]any{
		"authId": authID, "template": "", "stage": "DataStore1", "header": "Sign in",
		"callbacks": loginCallbacks(),
	})
	return nil
}

// callbackCredentials reads the user name and password from filled-in
// callbacks; ok is false when the authId is not one this tenant issued.
func (s *Server) callbackCredentials(body callbackBody) (username, password string, ok bool) {
	claims, err := s.Signer.Verify(body.AuthID, s.clock())
	if err != nil || claims.Kind != authIDKind {
		return "", "", false
	}
	for _, cb := range body.Callbacks {
		if len(cb.Input) == 0 {
			continue
		}
		v, _ := cb.Input[0].Value.(string)
		switch cb.Type {
		case "NameCallback":
			username = v
		case "PasswordCallback":
			password = v
		}
	}
	return username, password, true
}

func parseCallbackBody(raw []byte) (callbackBody, bool) {
	var body callbackBody
	if len(raw) == 0 {
		return body, true
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return body, false
	}
	return body, true
}
