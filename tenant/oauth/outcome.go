package oauth

import (
	"context"

	"github.com/pingclone/aic-console/tenant/auth"
)

// GrantOutcome is what one token endpoint request decided: the claims of the
// token it issued, or the error it refused with. The audit trail reads it
// instead of parsing the answer.
type GrantOutcome struct {
	Issued *auth.Claims
	// AccountName is the name of the service account a token was issued to,
	// as the grant read it.
	AccountName string
	Refused     *Error

	// RecordIssue, when set by whoever records the endpoint's answers, is
	// called once a grant that consumes a single-use assertion has minted its
	// token (Issued is noted by then); the write it returns is made in the
	// transaction that consumes the assertion, so the record of the token
	// commits exactly when the grant does. IssueRecorded tells that it was.
	RecordIssue   func() TxWrite
	IssueRecorded bool
}

type outcomeKey struct{}

// WithGrantOutcome gives the token endpoint a place to note its decision.
func WithGrantOutcome(ctx context.Context) (context.Context, *GrantOutcome) {
	o := &GrantOutcome{}
	return context.WithValue(ctx, outcomeKey{}, o), o
}

func outcomeOf(ctx context.Context) *GrantOutcome {
	if o, ok := ctx.Value(outcomeKey{}).(*GrantOutcome); ok {
		return o
	}
	return &GrantOutcome{} // nobody listens: noted and dropped
}

// noteIssued records the claims of a token a grant issued, and the name of
// the service account it went to ("" for administrators).
func noteIssued(ctx context.Context, claims auth.Claims, accountName string) {
	o := outcomeOf(ctx)
	o.Issued, o.AccountName = &claims, accountName
}
