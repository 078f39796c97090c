package handlers

import (
	"net/http"

	"github.com/a-h/templ"

	"github.com/pingclone/aic-console/tenantapi"
	"github.com/pingclone/aic-console/views/model"
	"github.com/pingclone/aic-console/views/pages"
)

// EditAccount is GET /admin/service-accounts/:id/edit: the form with the
// current values and the revision they were read at.
func (h *Console) EditAccount(r *Request) (Result, error) {
	id := r.Param("id")
	acct, err := h.API.GetServiceAccount(r.Ctx, r.Token, id)
	if err != nil {
		return Result{}, err
	}
	cat, err := h.catalogue(r)
	if err != nil {
		return Result{}, err
	}
	return show(http.StatusOK, h.editPage(r, id, formFromAccount(acct), cat, false))
}

// UpdateAccount is POST /admin/service-accounts/:id/edit. Removing scopes
// asks for confirmation first; the change is sent with If-Match so that an
// account changed by someone else meanwhile is never overwritten.
func (h *Console) UpdateAccount(r *Request) (Result, error) {
	id := r.Param("id")
	cat, err := h.catalogue(r)
	if err != nil {
		return Result{}, err
	}
	f := accountForm(r.Form)
	if r.Form.Get("action") == "back" {
		return show(http.StatusOK, h.editPage(r, id, f, cat, false))
	}
	validate(&f, r.Form, cat, true)
	if f.Rev == "" {
		f.Errors["form"] = "The form is missing the revision it was loaded at. Reload the page and try again."
	}
	if f.HasErrors() {
		return show(http.StatusUnprocessableEntity, h.editPage(r, id, f, cat, false))
	}
	if removed := removedScopes(f.LoadedScopes, f.Scopes); len(removed) > 0 && r.Form.Get(model.FieldConfirm) != "yes" {
		return show(http.StatusOK, pages.ConfirmScopeRemoval(model.ConfirmScopeRemovalPage{
			Page:    r.Page("Remove scopes", accountsCrumbs(model.TextEdit)...),
			ID:      id,
			Form:    f,
			Removed: cat.options(removed),
			Impact:  h.scopeImpact(r, id, removed),
		}))
	}
	_, err = h.API.PatchServiceAccount(r.Ctx, r.Token, id, f.Rev, []tenantapi.PatchOperation{
		tenantapi.Replace("name", f.Name),
		tenantapi.Replace("description", descriptionValue(f.Description)),
		tenantapi.Replace("scopes", f.Scopes),
		tenantapi.Replace("accountStatus", statusOf(f.Active)),
	})
	switch {
	case err == nil:
		return redirect("/admin/service-accounts", &model.Flash{Kind: model.FlashSuccess, Text: model.TextUpdated})
	case tenantapi.IsPreconditionFailed(err):
		current, gerr := h.API.GetServiceAccount(r.Ctx, r.Token, id)
		if gerr != nil {
			return Result{}, gerr
		}
		return show(http.StatusConflict, h.editPage(r, id, formFromAccount(current), cat, true))
	case fieldErr(&f, err):
		return show(http.StatusUnprocessableEntity, h.editPage(r, id, f, cat, false))
	}
	return Result{}, err
}

func (h *Console) editPage(r *Request, id string, f model.AccountForm, cat catalogue, stale bool) templ.Component {
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	return pages.EditAccount(model.EditPage{
		Page:   r.Page(model.TextEdit+" "+f.Name, accountsCrumbs(model.TextEdit)...),
		ID:     id,
		Form:   f,
		Groups: cat.groups(f.Scopes),
		Stale:  stale,
		Usage:  h.scopeImpact(r, id, f.LoadedScopes),
	})
}

func formFromAccount(a tenantapi.ServiceAccount) model.AccountForm {
	f := model.AccountForm{
		Name:         a.Name,
		Active:       a.Active(),
		Scopes:       append([]string(nil), a.Scopes...),
		Rev:          a.Rev,
		LoadedScopes: append([]string(nil), a.Scopes...),
		Errors:       map[string]string{},
	}
	if a.Description != nil {
		f.Description = *a.Description
	}
	return f
}
