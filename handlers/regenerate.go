package handlers

import (
	"fmt"
	"github.com/a-h/templ"
	"net/http"

	"github.com/pingclone/aic-console/keys"
	"github.com/pingclone/aic-console/tenantapi"
	"github.com/pingclone/aic-console/views/model"
	"github.com/pingclone/aic-console/views/pages"
)

// ConfirmRegenerate is GET /admin/service-accounts/:id/regenerate-key: the
// Regenerate Key dialog with the seed's warning.
func (h *Console) ConfirmRegenerate(r *Request) (Result, error) {
	acct, err := h.API.GetServiceAccount(r.Ctx, r.Token, r.Param("id"))
	if err != nil {
		return Result{}, err
	}
	return show(http.StatusOK, h.regeneratePage(r, acct))
}

// RegenerateKey is POST /admin/service-accounts/:id/regenerate-key: a new key
// pair replaces the account's key set (the old key stops working), and the
// private key waits for its one download.
func (h *Console) RegenerateKey(r *Request) (Result, error) {
	id := r.Param("id")
	key, err := h.Keys.Get(r.Ctx)
	if err != nil {
		return Result{}, fmt.Errorf("regenerate key: %w", err)
	}
	jwks, err := keys.PublicJWKS(key)
	if err != nil {
		return Result{}, err
	}
	acct, err := h.API.PatchServiceAccount(r.Ctx, r.Token, id, r.Form.Get(model.FieldRev),
		[]tenantapi.PatchOperation{tenantapi.Replace("jwks", jwks)})
	if tenantapi.IsPreconditionFailed(err) {
		current, gerr := h.API.GetServiceAccount(r.Ctx, r.Token, id)
		if gerr != nil {
			return Result{}, gerr
		}
		r.Flashes = append(r.Flashes, model.Flash{Kind: model.FlashWarning, Text: staleConfirm})
		return show(http.StatusConflict, h.regeneratePage(r, current))
	}
	if err != nil {
		return Result{}, err
	}
	p, err := h.OneTime.Put(r.Session, acct.ID, acct.Name, keys.PurposeRegenerated, key)
	if err != nil {
		return Result{}, fmt.Errorf("keep private key for download: %w", err)
	}
	return redirect("/admin/keys/"+p.ID, nil)
}

// staleConfirm is shown when a confirmation was for an older revision.
const staleConfirm = "Someone else changed this service account since you opened this page; nothing was done. Check the details and confirm again."

func (h *Console) regeneratePage(r *Request, a tenantapi.ServiceAccount) templ.Component {
	return pages.RegenerateKey(model.ConfirmPage{
		Page: r.Page(model.TextRegenerateKey, accountsCrumbs(model.TextRegenerateKey)...),
		ID:   a.ID, Name: a.Name, Rev: a.Rev,
		Impact: h.usageImpact(r, a.ID, true),
	})
}
