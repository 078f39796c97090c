package handlers

import (
	"fmt"
	"net/http"

	"github.com/pingclone/aic-console/keys"
	"github.com/pingclone/aic-console/views/model"
	"github.com/pingclone/aic-console/views/pages"
)

// KeyReady is GET /admin/keys/:key: "successfully created", the ID, the
// warning, Download Key and Done, while the key waits for its download.
func (h *Console) KeyReady(r *Request) (Result, error) {
	p, ok := h.OneTime.Peek(r.Param("key"), r.Session)
	if !ok {
		return h.keyGone(r, h.OneTime.ClaimedAccount(r.Param("key"), r.Session))
	}
	title := model.TextCreated
	if p.Purpose == keys.PurposeRegenerated {
		title = model.TextKeyCreated
	}
	return show(http.StatusOK, pages.KeyReady(model.KeyPage{
		Page:        r.Page(title, accountsCrumbs(p.AccountName)...),
		AccountID:   p.AccountID,
		AccountName: p.AccountName,
		KeyID:       p.ID,
		Regenerated: p.Purpose == keys.PurposeRegenerated,
	}))
}

// DownloadKey is POST /admin/keys/:key/download: the private key as a JWK
// file, exactly once. It is taken out of memory as it is sent; a second try
// (reload, back, another tab) gets the "no longer available" page.
func (h *Console) DownloadKey(r *Request) (Result, error) {
	p, ok := h.OneTime.Claim(r.Param("key"), r.Session)
	if !ok {
		return h.keyGone(r, h.OneTime.ClaimedAccount(r.Param("key"), r.Session))
	}
	body, err := keys.PrivateJWK(p.Key(), "", "")
	if err != nil {
		return Result{}, fmt.Errorf("download key: %w", err)
	}
	return Result{Download: &Download{Filename: p.AccountID + ".jwk", ContentType: "application/jwk+json", Body: body}}, nil
}

// KeyDone is POST /admin/keys/:key/done: Done closes the dialog. A key not yet
// downloaded is dropped from memory at once rather than waiting for its
// expiry, and the administrator goes back to the list.
func (h *Console) KeyDone(r *Request) (Result, error) {
	h.OneTime.Discard(r.Param("key"), r.Session)
	return redirect("/admin/service-accounts", nil)
}

func (h *Console) keyGone(r *Request, accountID string) (Result, error) {
	return show(http.StatusGone, pages.KeyGone(model.KeyGonePage{
		Page:      r.Page(model.TextKeyGone, accountsCrumbs("Key")...),
		AccountID: accountID,
	}))
}
