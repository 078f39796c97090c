package oauth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Rules of the service account assertion (TENANT-API.md §4).
const (
	MaxAssertionBytes    = 16 << 10
	MaxAssertionLifetime = 900 * time.Second
	AssertionClockSkew   = 30 * time.Second
	maxJTILength         = 256
	maxAccountIDLength   = 256
)

// tokenEndpointPath is the path every assertion's aud must name.
const tokenEndpointPath = "/am/oauth2/access_token"

// AssertionVerifier checks RFC 7523 assertions signed by service accounts.
type AssertionVerifier struct {
	accounts ServiceAccounts
	replay   ReplayGuard
	audience string // normalised token endpoint URL
	now      func() time.Time
	keys     *keyCache
	headers  *headerCache
	parser   *jwt.Parser
}

// NewAssertionVerifier builds a verifier for the tenant at baseURL.
func NewAssertionVerifier(accounts ServiceAccounts, replay ReplayGuard, baseURL string, now func() time.Time) *AssertionVerifier {
	if now == nil {
		now = time.Now
	}
	v := &AssertionVerifier{
		accounts: accounts, replay: replay, now: now, keys: newKeyCache(), headers: newHeaderCache(),
		audience: normalizeEndpoint(strings.TrimRight(baseURL, "/") + tokenEndpointPath),
	}
	v.parser = jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodRS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(AssertionClockSkew),
		jwt.WithTimeFunc(func() time.Time { return v.now() }),
	)
	return v
}

// Audience is the token endpoint URL assertions must name.
func (v *AssertionVerifier) Audience() string { return v.audience }

// VerifiedAssertion is an assertion that passed every check except replay.
type VerifiedAssertion struct {
	Account ServiceAccount
	JTI     string
	Expires time.Time
}

// Verify checks everything about the assertion but its single use (see
// Consume), so that a client told invalid_scope may retry the same assertion
// with fewer scopes. Every refusal is an invalid_grant saying which rule failed.
func (v *AssertionVerifier) Verify(ctx context.Context, assertion string) (VerifiedAssertion, error) {
	if len(assertion) > MaxAssertionBytes {
		return VerifiedAssertion{}, InvalidGrant(fmt.Sprintf("The assertion is larger than %d bytes", MaxAssertionBytes))
	}
	if err := v.headers.check(assertion); err != nil {
		return VerifiedAssertion{}, err
	}
	var claims jwt.RegisteredClaims
	var account ServiceAccount
	_, err := v.parser.ParseWithClaims(assertion, &claims, func(t *jwt.Token) (any, error) {
		a, keys, err := v.keysFor(ctx, t, &claims)
		account = a
		return keys, err
	})
	if err != nil {
		return VerifiedAssertion{}, assertionError(err)
	}
	exp := claims.ExpiresAt.Time
	if exp.Sub(v.now()) > MaxAssertionLifetime+AssertionClockSkew {
		return VerifiedAssertion{}, InvalidGrant("The assertion's exp is more than 900 seconds ahead")
	}
	if !v.audienceMatches(claims.Audience) {
		return VerifiedAssertion{}, InvalidGrant("The assertion's aud must be this tenant's token endpoint " + v.audience)
	}
	if claims.ID == "" {
		return VerifiedAssertion{}, InvalidGrant("The assertion has no jti claim")
	}
	if len(claims.ID) > maxJTILength {
		return VerifiedAssertion{}, InvalidGrant("The assertion's jti is too long")
	}
	return VerifiedAssertion{Account: account, JTI: claims.ID, Expires: exp}, nil
}

// Consume marks the assertion used; a second use is refused. along, when not
// nil, is written in the same transaction if the use is the first.
func (v *AssertionVerifier) Consume(ctx context.Context, a VerifiedAssertion, along TxWrite) error {
	// Keep the jti past exp by the skew, since exp is accepted that much late.
	fresh, err := v.replay.Consume(ctx, a.Account.ID, a.JTI, a.Expires.Add(AssertionClockSkew), along)
	if err != nil {
		return fmt.Errorf("record assertion jti: %w", err)
	}
	if !fresh {
		return InvalidGrant("The assertion's jti has already been used")
	}
	return nil
}

// keysFor runs inside the JWT parser, after the algorithm check and before
// the signature check: it finds the account named by iss/sub and the keys
// the signature may be checked with.
func (v *AssertionVerifier) keysFor(ctx context.Context, t *jwt.Token, c *jwt.RegisteredClaims) (ServiceAccount, jwt.VerificationKeySet, error) {
	switch {
	case c.Issuer == "":
		return ServiceAccount{}, jwt.VerificationKeySet{}, InvalidGrant("The assertion has no iss claim")
	case c.Subject == "":
		return ServiceAccount{}, jwt.VerificationKeySet{}, InvalidGrant("The assertion has no sub claim")
	case c.Issuer != c.Subject:
		return ServiceAccount{}, jwt.VerificationKeySet{}, InvalidGrant("The assertion's iss and sub must both be the service account ID")
	case len(c.Issuer) > maxAccountIDLength:
		return ServiceAccount{}, jwt.VerificationKeySet{}, InvalidGrant("The assertion's iss is not a service account ID")
	}
	account, err := v.accounts.ServiceAccount(ctx, c.Issuer)
	if errors.Is(err, ErrAccountNotFound) {
		return ServiceAccount{}, jwt.VerificationKeySet{}, InvalidGrant("The service account named by iss does not exist")
	}
	if err != nil {
		return ServiceAccount{}, jwt.VerificationKeySet{}, lookupFailure{err}
	}
	if !account.Active {
		return ServiceAccount{}, jwt.VerificationKeySet{}, InvalidGrant("The service account is inactive")
	}
	kid, _ := t.Header["kid"].(string)
	keys := v.keys.candidates(account.JWKS, kid)
	if len(keys) == 0 {
		if kid != "" {
			return ServiceAccount{}, jwt.VerificationKeySet{}, InvalidGrant("No key of the service account has the assertion's kid")
		}
		return ServiceAccount{}, jwt.VerificationKeySet{}, InvalidGrant("The service account has no usable RS256 key")
	}
	set := jwt.VerificationKeySet{Keys: make([]jwt.VerificationKey, len(keys))}
	for i, k := range keys {
		set.Keys[i] = k.key
	}
	return account, set, nil
}

// checkHeader refuses anything but a compact JWS whose header says RS256,
// before any lookup happens.
func checkHeader(assertion string) error {
	head, _, ok := strings.Cut(assertion, ".")
	if !ok || strings.Count(assertion, ".") != 2 {
		return InvalidGrant("The assertion is not a signed JWT (three dot-separated parts)")
	}
	raw, err := base64.RawURLEncoding.DecodeString(head)
	if err != nil {
		return InvalidGrant("The assertion's header is not base64url")
	}
	// A map, not a struct: encoding/json matches struct fields ignoring case,
	// and the JWT library reads exactly "alg".
	var h map[string]any
	if err := json.Unmarshal(raw, &h); err != nil || h == nil {
		return InvalidGrant("The assertion's header is not a JSON object")
	}
	if alg, _ := h["alg"].(string); alg != jwt.SigningMethodRS256.Alg() {
		return InvalidGrant("The assertion must be signed with RS256")
	}
	if _, ok := h["crit"]; ok {
		return InvalidGrant("The assertion's header has critical extensions this tenant does not understand")
	}
	return nil
}

// assertionError turns a JWT parser error into the invalid_grant that names
// the failed rule (never key material).
func assertionError(err error) error {
	var oe *Error
	if errors.As(err, &oe) {
		return oe
	}
	var lf lookupFailure
	if errors.As(err, &lf) {
		// The account could not be read: the tenant's failure, not the client's.
		return fmt.Errorf("verify assertion: %w", lf.err)
	}
	switch {
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		return InvalidGrant("The assertion cannot be verified")
	case errors.Is(err, jwt.ErrTokenMalformed):
		return InvalidGrant("The assertion is not a well-formed JWT")
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return InvalidGrant("The assertion's signature does not verify with the service account's keys")
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return InvalidGrant("The assertion has no exp claim")
	case errors.Is(err, jwt.ErrTokenExpired):
		return InvalidGrant("The assertion has expired")
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return InvalidGrant("The assertion is not valid yet (nbf)")
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return InvalidGrant("The assertion's iat is in the future")
	}
	return InvalidGrant("The assertion's claims are not valid")
}

// lookupFailure marks an error reading the account, as opposed to a fault of
// the assertion.
type lookupFailure struct{ err error }

func (l lookupFailure) Error() string { return l.err.Error() }
func (l lookupFailure) Unwrap() error { return l.err }

// audienceMatches accepts an aud (string or array) naming this tenant's token
// endpoint, with or without the scheme's default port.
func (v *AssertionVerifier) audienceMatches(aud jwt.ClaimStrings) bool {
	for _, a := range aud {
		if a == v.audience || normalizeEndpoint(a) == v.audience { // most clients send it as is
			return true
		}
	}
	return false
}

// normalizeEndpoint lowercases scheme and host and drops a default port, so
// https://h:443/p and https://h/p compare equal. Anything that is not an
// absolute http(s) URL without query or fragment normalises to "".
func normalizeEndpoint(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return ""
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return ""
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if host == "" {
		return ""
	}
	if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	return scheme + "://" + host + u.EscapedPath()
}
