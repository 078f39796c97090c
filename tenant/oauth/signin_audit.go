package oauth

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/pingclone/aic-console/tenant/audit"
	"github.com/pingclone/aic-console/tenant/store"
)

// maxAuditedUsername bounds the user name a failed sign-in records: it is
// whatever the caller typed.
const maxAuditedUsername = 128

// signIn is checkSignIn with its outcome in the audit trail: every success and
// every failure, with the user name given and (from ctx) the client address.
// A session whose sign-in cannot be recorded is ended and the sign-in fails.
func (s *Server) signIn(ctx context.Context, username, password string) (store.Session, error) {
	sess, err := s.checkSignIn(ctx, username, password)
	name := username
	if len(name) > maxAuditedUsername {
		name = strings.ToValidUTF8(name[:maxAuditedUsername], "")
	}
	switch {
	case errors.Is(err, errLoginFailure):
		e := audit.Event{Actor: name, ActorKind: audit.ActorAdmin, Action: audit.ActionSignInFailed,
			Outcome: audit.OutcomeFailure,
			Reason:  "Login failure: unknown user name, wrong password, or too many recent failures"}
		if rerr := audit.RecordAlone(ctx, s.Store.DB(), e); rerr != nil {
			return store.Session{}, fmt.Errorf("record failed sign-in: %w", rerr)
		}
		return sess, err
	case err != nil:
		return sess, err
	}
	e := audit.Event{Actor: sess.Username, ActorKind: audit.ActorAdmin, Action: audit.ActionSignIn,
		Outcome: audit.OutcomeSuccess}
	if rerr := audit.RecordAlone(ctx, s.Store.DB(), e); rerr != nil {
		_ = s.Store.DeleteSession(context.WithoutCancel(ctx), sess.TokenID)
		return store.Session{}, fmt.Errorf("record sign-in: %w", rerr)
	}
	return sess, nil
}
