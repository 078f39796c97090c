package handlers

import (
	"net/http"

	"github.com/a-h/templ"

	"github.com/pingclone/aic-console/tenantapi"
	"github.com/pingclone/aic-console/views/model"
	"github.com/pingclone/aic-console/views/pages"
)

// ConfirmDelete is GET /admin/service-accounts/:id/delete: the Delete Service
// Account page with the seed's warning.
func (h *Console) ConfirmDelete(r *Request) (Result, error) {
	acct, err := h.API.GetServiceAccount(r.Ctx, r.Token, r.Param("id"))
	if err != nil {
		return Result{}, err
	}
	return show(http.StatusOK, h.deletePage(r, acct))
}

// DeleteAccount is POST /admin/service-accounts/:id/delete, then back to the
// list with a message.
func (h *Console) DeleteAccount(r *Request) (Result, error) {
	id := r.Param("id")
	acct, err := h.API.DeleteServiceAccount(r.Ctx, r.Token, id, r.Form.Get(model.FieldRev))
	switch {
	case err == nil:
		return redirect("/admin/service-accounts", &model.Flash{Kind: model.FlashSuccess, Text: "Service account “" + acct.Name + "” deleted."})
	case tenantapi.IsPreconditionFailed(err):
		current, gerr := h.API.GetServiceAccount(r.Ctx, r.Token, id)
		if gerr != nil {
			return Result{}, gerr
		}
		r.Flashes = append(r.Flashes, model.Flash{Kind: model.FlashWarning, Text: staleConfirm})
		return show(http.StatusConflict, h.deletePage(r, current))
	case tenantapi.IsNotFound(err):
		return redirect("/admin/service-accounts", &model.Flash{Kind: model.FlashInfo, Text: "That service account had already been deleted."})
	}
	return Result{}, err
}

func (h *Console) deletePage(r *Request, a tenantapi.ServiceAccount) templ.Component {
	return pages.DeleteAccount(model.ConfirmPage{
		Page: r.Page(model.TextDeleteAccount, accountsCrumbs(model.TextDeleteAccount)...),
		ID:   a.ID, Name: a.Name, Rev: a.Rev,
		Impact: h.usageImpact(r, a.ID, false),
	})
}
