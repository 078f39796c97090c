package auth

import "context"

// Inspect verifies an access token the tenant issued and checks, as
// Authenticate does, that its holder is still live; it returns the principal
// (with the scopes still held) and the token's claims.
func (a *Authenticator) Inspect(ctx context.Context, token string) (Principal, *Claims, error) {
	claims, err := a.Signer.Verify(token, a.Now())
	if err != nil {
		return Principal{}, nil, ErrBadCredentials
	}
	p, err := a.fromToken(ctx, token)
	if err != nil {
		return Principal{}, nil, err
	}
	return p, claims, nil
}
