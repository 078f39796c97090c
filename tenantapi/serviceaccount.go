package tenantapi

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// Service account tokens (RFC 7523 JWT bearer grant), as real clients of a
// tenant obtain them (TENANT-API.md §4).
const (
	ServiceAccountClientID  = "service-account"
	ServiceAccountGrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"
	// ServiceAccountAssertionLifetime is how far ahead assertions expire, as
	// real clients send them.
	ServiceAccountAssertionLifetime = 899 * time.Second
)

// ServiceAccountKey is a service account's private signing key, as the
// console's Download Key gives it (a JWK, or a JWK set holding one).
type ServiceAccountKey struct {
	Key *rsa.PrivateKey
	KID string // from the file, if any
}

// ErrPublicKeyOnly means the key file holds no private key.
var ErrPublicKeyOnly = errors.New("the key file holds only a public key; use the private key downloaded when the service account was created or its key regenerated")

// ParseServiceAccountKey reads a private RSA JWK (or a set whose first private
// RSA key is used).
func ParseServiceAccountKey(data []byte) (ServiceAccountKey, error) {
	var candidates []jose.JSONWebKey
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return ServiceAccountKey{}, errors.New("the key file is not a JSON Web Key")
	}
	if _, isSet := probe["keys"]; isSet {
		var set jose.JSONWebKeySet
		if err := json.Unmarshal(data, &set); err != nil {
			return ServiceAccountKey{}, errors.New("the key file is not a valid JSON Web Key set")
		}
		candidates = set.Keys
	} else {
		var k jose.JSONWebKey
		if err := k.UnmarshalJSON(data); err != nil {
			return ServiceAccountKey{}, errors.New("the key file is not a valid JSON Web Key")
		}
		candidates = []jose.JSONWebKey{k}
	}
	sawPublic := false
	for _, k := range candidates {
		switch key := k.Key.(type) {
		case *rsa.PrivateKey:
			if k.Algorithm != "" && k.Algorithm != "RS256" {
				return ServiceAccountKey{}, fmt.Errorf("the key's alg is %s; service account assertions are signed with RS256", k.Algorithm)
			}
			return ServiceAccountKey{Key: key, KID: k.KeyID}, nil
		case *rsa.PublicKey:
			sawPublic = true
		}
	}
	if sawPublic {
		return ServiceAccountKey{}, ErrPublicKeyOnly
	}
	return ServiceAccountKey{}, errors.New("the key file holds no RSA key")
}

// TokenEndpoint is the tenant's token endpoint URL, the audience of assertions.
func TokenEndpoint(tenantURL string) string {
	return strings.TrimRight(tenantURL, "/") + "/am/oauth2/access_token"
}

// BuildServiceAccountAssertion signs the RS256 assertion for accountID: iss =
// sub = the account, aud = the token endpoint, exp = now + 899 s, a fresh jti.
func BuildServiceAccountAssertion(key ServiceAccountKey, accountID, tenantURL string, now time.Time) (string, error) {
	claims := jwt.RegisteredClaims{
		Issuer:    accountID,
		Subject:   accountID,
		Audience:  jwt.ClaimStrings{TokenEndpoint(tenantURL)},
		ExpiresAt: jwt.NewNumericDate(now.Add(ServiceAccountAssertionLifetime)),
		ID:        uuid.NewString(),
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	if key.KID != "" {
		tok.Header["kid"] = key.KID
	}
	s, err := tok.SignedString(key.Key)
	if err != nil {
		return "", fmt.Errorf("sign assertion: %w", err)
	}
	return s, nil
}

// ServiceAccountToken is the token endpoint's answer.
type ServiceAccountToken struct {
	AccessToken string `json:"access_token"`
	Scope       string `json:"scope"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

// OAuthError is an OAuth error answer of the token endpoint.
type OAuthError struct {
	Status      int
	Code        string `json:"error"`
	Description string `json:"error_description"`
}

func (e *OAuthError) Error() string {
	if e.Description == "" {
		return fmt.Sprintf("the tenant refused the token request (%d %s)", e.Status, e.Code)
	}
	return fmt.Sprintf("the tenant refused the token request (%d %s): %s", e.Status, e.Code, e.Description)
}

// RequestServiceAccountToken exchanges a fresh assertion for an access token.
// scope is space-separated; "" asks for all the account's scopes. It returns
// the decoded answer and the body as received. A refusal is an *OAuthError.
func RequestServiceAccountToken(ctx context.Context, hc *http.Client, tenantURL, accountID string, key ServiceAccountKey, scope string) (ServiceAccountToken, []byte, error) {
	if hc == nil {
		hc = http.DefaultClient
	}
	assertion, err := BuildServiceAccountAssertion(key, accountID, tenantURL, time.Now())
	if err != nil {
		return ServiceAccountToken{}, nil, err
	}
	form := url.Values{
		"client_id":  {ServiceAccountClientID},
		"grant_type": {ServiceAccountGrantType},
		"assertion":  {assertion},
	}
	if strings.TrimSpace(scope) != "" {
		form.Set("scope", scope)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, TokenEndpoint(tenantURL), strings.NewReader(form.Encode()))
	if err != nil {
		return ServiceAccountToken{}, nil, fmt.Errorf("token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	res, err := hc.Do(req)
	if err != nil {
		return ServiceAccountToken{}, nil, fmt.Errorf("token request to %s: %w", TokenEndpoint(tenantURL), err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return ServiceAccountToken{}, nil, fmt.Errorf("read token answer: %w", err)
	}
	if res.StatusCode != http.StatusOK {
		oe := &OAuthError{Status: res.StatusCode}
		if json.Unmarshal(body, oe) != nil || oe.Code == "" {
			oe.Code = http.StatusText(res.StatusCode)
		}
		return ServiceAccountToken{}, body, oe
	}
	var tok ServiceAccountToken
	if err := json.Unmarshal(body, &tok); err != nil || tok.AccessToken == "" {
		return ServiceAccountToken{}, body, fmt.Errorf("the token endpoint answered 200 without an access token")
	}
	return tok, body, nil
}
