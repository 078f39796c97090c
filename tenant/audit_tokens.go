package tenant

import (
	"bytes"
	"context"
	"database/sql"
	"net/http"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"github.com/pingclone/aic-console/tenant/audit"
	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/oauth"
	"github.com/pingclone/aic-console/tenant/scopes"
	"github.com/pingclone/aic-console/tenant/store"
)

// maxAuditedClaim bounds what an unverified assertion may put in the trail.
const maxAuditedClaim = 128

// auditTokens records every answer of the token endpoint: token.granted with
// the scopes asked for and granted, or token.refused with the rule that
// refused it (the OAuth error and its description). The answer is held back
// until its event is written, so no token leaves without its event. The event
// of a token issued for a single-use assertion is written in the transaction
// that consumes the assertion (oauth.GrantOutcome.RecordIssue); every other
// answer's event is group-committed here.
func (t *Tenant) auditTokens(next crest.HandlerFunc) crest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		held := &heldResponse{header: http.Header{}}
		ctx, outcome := oauth.WithGrantOutcome(r.Context())
		r = r.WithContext(ctx)
		outcome.RecordIssue = func() oauth.TxWrite {
			event := audit.Complete(r.Context(), t.tokenEvent(r, http.StatusOK, outcome))
			// Written by whichever grant leads the group commit: with this
			// request's context (not cancelled with it), so nothing of the
			// leader's request fills the event.
			own := context.WithoutCancel(r.Context())
			return func(_ context.Context, tx *sql.Tx) error { return t.tokenEventInserter.Record(own, tx, event) }
		}
		if err := next(held, r); err != nil {
			return err
		}
		if outcome.IssueRecorded { // committed with the assertion's jti
			held.copyTo(w)
			return nil
		}
		event := audit.Complete(r.Context(), t.tokenEvent(r, held.status, outcome))
		if _, err := t.tokenEvents.Do(r.Context(), event); err != nil {
			t.log.Error("token endpoint: audit event not recorded", "request_id", crest.RequestID(r), "err", err)
			oauth.WriteOAuth(w, http.StatusInternalServerError, &oauth.Error{Code: "server_error", Description: "The server could not issue a token"})
			return nil
		}
		held.copyTo(w)
		return nil
	}
}

// maxTokenEventBatch bounds one transaction of token endpoint events.
const maxTokenEventBatch = 128

// newTokenEvents group-commits token endpoint events: under load, one
// transaction records the answers of many concurrent grants.
func newTokenEvents(st *store.Store, inserter *audit.Inserter) *store.GroupCommit[audit.Event, struct{}] {
	return &store.GroupCommit[audit.Event, struct{}]{MaxBatch: maxTokenEventBatch,
		Write: func(ctx context.Context, events []audit.Event) ([]struct{}, error) {
			if err := inserter.RecordBatch(ctx, st.DB(), events); err != nil {
				return nil, err
			}
			return make([]struct{}, len(events)), nil
		}}
}

// tokenEvent describes one token endpoint answer, from what the endpoint
// noted of its decision.
func (t *Tenant) tokenEvent(r *http.Request, status int, outcome *oauth.GrantOutcome) audit.Event {
	requested := scopes.Split(r.PostForm.Get("scope"))
	if requested == nil {
		requested = []string{}
	}
	e := audit.Event{ScopesRequested: requested}
	if claims := outcome.Issued; claims != nil {
		e.Action, e.Outcome = audit.ActionTokenGranted, audit.OutcomeSuccess
		e.Actor = claims.Subject
		e.ScopesGranted = scopes.Split(claims.Scope)
		if e.ScopesGranted == nil {
			e.ScopesGranted = []string{}
		}
		if claims.Kind == auth.KindServiceAccount {
			e.ActorKind = audit.ActorServiceAccount
			e.TargetID = claims.Subject
			e.TargetName = outcome.AccountName
			if e.TargetName == "" {
				e.TargetName = t.svcacctName(r, claims.Subject)
			}
		} else {
			e.ActorKind = audit.ActorAdmin
		}
		return e
	}
	e.Action, e.Outcome, e.ActorKind = audit.ActionTokenRefused, audit.OutcomeFailure, audit.ActorAnonymous
	if oe := outcome.Refused; oe != nil && oe.Code != "" {
		e.Reason = oe.Code
		if oe.Description != "" {
			e.Reason += ": " + oe.Description
		}
	} else {
		e.Reason = http.StatusText(status)
	}
	if r.PostForm.Get("grant_type") == oauth.JWTBearerGrantType {
		// The account the assertion claims to be, unverified: a refusal is
		// about that account even when its signature did not verify (an
		// integration still using a replaced key, say).
		if id := unverifiedIssuer(r.PostForm.Get("assertion")); id != "" {
			e.TargetID = id
			e.TargetName = t.svcacctName(r, id)
		}
	}
	return e
}

func unverifiedIssuer(assertion string) string {
	var c jwt.RegisteredClaims
	if _, _, err := jwt.NewParser().ParseUnverified(assertion, &c); err != nil {
		return ""
	}
	id := c.Issuer
	if id == "" {
		id = c.Subject
	}
	if len(id) > maxAuditedClaim {
		id = strings.ToValidUTF8(id[:maxAuditedClaim], "")
	}
	return id
}

// svcacctName is the account's current name, or "" when it does not exist.
func (t *Tenant) svcacctName(r *http.Request, id string) string {
	var name string
	_ = t.store.DB().QueryRowContext(r.Context(), `SELECT name FROM svcaccts WHERE id = ?`, id).Scan(&name)
	return name
}

// heldResponse keeps a (small) token endpoint answer until it may be sent.
type heldResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (h *heldResponse) Header() http.Header { return h.header }

func (h *heldResponse) WriteHeader(status int) {
	if h.status == 0 {
		h.status = status
	}
}

func (h *heldResponse) Write(b []byte) (int, error) {
	if h.status == 0 {
		h.status = http.StatusOK
	}
	return h.body.Write(b)
}

func (h *heldResponse) copyTo(w http.ResponseWriter) {
	for k, v := range h.header {
		w.Header()[k] = v
	}
	if h.status == 0 {
		h.status = http.StatusOK
	}
	w.WriteHeader(h.status)
	_, _ = w.Write(h.body.Bytes())
}
