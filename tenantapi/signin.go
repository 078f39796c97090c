package tenantapi

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// signInClientID is the tenant's OAuth client for administrators
// (idmAdminClient; kept apart from the console's own constants).
const signInClientID = "idmAdminClient"

// SignInScope is what SignIn asks for.
const SignInScope = "openid fr:idm:* fr:idc:esv:*"

// ErrLoginFailure is returned by SignIn for a wrong user name or password
// (the tenant does not say which).
var ErrLoginFailure = errors.New("tenant sign-in: login failure")

// SignIn signs an administrator in the way scripts do against a real tenant
// (TENANT-API.md §5): it reads the session cookie name, authenticates with the
// X-OpenAM headers, approves an authorization request for idmAdminClient with
// PKCE (S256) and exchanges the code for an access token. hc may be nil.
func SignIn(ctx context.Context, hc *http.Client, baseURL, username, password string) (accessToken string, err error) {
	if hc == nil {
		hc = http.DefaultClient
	}
	base := strings.TrimRight(baseURL, "/")
	d := signInDance{hc: hc, base: base}
	cookieName, err := d.cookieName(ctx)
	if err != nil {
		return "", err
	}
	tokenID, err := d.authenticate(ctx, username, password)
	if err != nil {
		return "", err
	}
	verifier, challenge, err := newPKCE()
	if err != nil {
		return "", err
	}
	redirectURI := base + "/platform/appAuthHelperRedirect.html"
	code, err := d.authorize(ctx, cookieName, tokenID, redirectURI, challenge)
	if err != nil {
		return "", err
	}
	return d.exchange(ctx, code, redirectURI, verifier)
}

type signInDance struct {
	hc   *http.Client
	base string
}

func (d signInDance) cookieName(ctx context.Context) (string, error) {
	var info struct {
		CookieName string `json:"cookieName"`
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.base+"/am/json/serverinfo/*", nil)
	if err != nil {
		return "", fmt.Errorf("tenant sign-in: %w", err)
	}
	req.Header.Set("Accept-API-Version", "resource=1.1")
	if err := d.doJSON(req, http.StatusOK, &info); err != nil {
		return "", fmt.Errorf("tenant sign-in: server info: %w", err)
	}
	if info.CookieName == "" {
		return "", errors.New("tenant sign-in: server info names no cookie")
	}
	return info.CookieName, nil
}

func (d signInDance) authenticate(ctx context.Context, username, password string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.base+"/am/json/realms/root/authenticate", strings.NewReader("{}"))
	if err != nil {
		return "", fmt.Errorf("tenant sign-in: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-API-Version", "resource=2.0, protocol=1.0")
	req.Header.Set("X-OpenAM-Username", username)
	req.Header.Set("X-OpenAM-Password", password)
	var out struct {
		TokenID string `json:"tokenId"`
	}
	err = d.doJSON(req, http.StatusOK, &out)
	var se *statusError
	if errors.As(err, &se) && se.status == http.StatusUnauthorized {
		return "", ErrLoginFailure
	}
	if err != nil {
		return "", fmt.Errorf("tenant sign-in: authenticate: %w", err)
	}
	if out.TokenID == "" {
		return "", errors.New("tenant sign-in: authenticate returned no tokenId")
	}
	return out.TokenID, nil
}

func (d signInDance) authorize(ctx context.Context, cookieName, tokenID, redirectURI, challenge string) (string, error) {
	state, err := randomString(16)
	if err != nil {
		return "", err
	}
	form := url.Values{
		"client_id": {signInClientID}, "response_type": {"code"}, "redirect_uri": {redirectURI},
		"scope": {SignInScope}, "state": {state},
		"code_challenge": {challenge}, "code_challenge_method": {"S256"},
		"decision": {"allow"}, "csrf": {tokenID},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.base+"/am/oauth2/authorize", strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("tenant sign-in: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(cookieName, tokenID)
	noFollow := *d.hc
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noFollow.Do(req)
	if err != nil {
		return "", fmt.Errorf("tenant sign-in: authorize: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusFound {
		return "", fmt.Errorf("tenant sign-in: authorize answered %s", resp.Status)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		return "", fmt.Errorf("tenant sign-in: authorize redirect: %w", err)
	}
	q := loc.Query()
	if e := q.Get("error"); e != "" {
		return "", fmt.Errorf("tenant sign-in: authorize: %s: %s", e, q.Get("error_description"))
	}
	if q.Get("state") != state {
		return "", errors.New("tenant sign-in: authorize returned another state")
	}
	if q.Get("code") == "" {
		return "", errors.New("tenant sign-in: authorize returned no code")
	}
	return q.Get("code"), nil
}

func (d signInDance) exchange(ctx context.Context, code, redirectURI, verifier string) (string, error) {
	form := url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirectURI},
		"code_verifier": {verifier}, "client_id": {signInClientID},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.base+"/am/oauth2/access_token", strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("tenant sign-in: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := d.doJSON(req, http.StatusOK, &out); err != nil {
		return "", fmt.Errorf("tenant sign-in: token: %w", err)
	}
	if out.AccessToken == "" {
		return "", errors.New("tenant sign-in: token endpoint returned no access_token")
	}
	return out.AccessToken, nil
}

// statusError is an answer with an unexpected status; its body's message
// (CREST "message" or OAuth "error_description") is kept for the error text.
type statusError struct {
	status  int
	message string
}

func (e *statusError) Error() string {
	if e.message == "" {
		return fmt.Sprintf("HTTP %d", e.status)
	}
	return fmt.Sprintf("HTTP %d: %s", e.status, e.message)
}

func (d signInDance) doJSON(req *http.Request, want int, out any) error {
	req.Header.Set("Accept", "application/json")
	resp, err := d.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		var e struct {
			Message     string `json:"message"`
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		_ = json.Unmarshal(body, &e)
		msg := e.Message
		if msg == "" && e.Error != "" {
			msg = strings.TrimSpace(e.Error + " " + e.Description)
		}
		return &statusError{status: resp.StatusCode, message: msg}
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("decode answer: %w", err)
	}
	return nil
}

// newPKCE makes an RFC 7636 verifier and its S256 challenge.
func newPKCE() (verifier, challenge string, err error) {
	verifier, err = randomString(32)
	if err != nil {
		return "", "", err
	}
	sum := sha256.Sum256([]byte(verifier))
	return verifier, base64.RawURLEncoding.EncodeToString(sum[:]), nil
}

func randomString(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("tenant sign-in: random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
