package handlers

import (
	"errors"
	"fmt"
	"github.com/a-h/templ"
	"net/http"

	"github.com/pingclone/aic-console/keys"
	"github.com/pingclone/aic-console/tenantapi"
	"github.com/pingclone/aic-console/views/model"
	"github.com/pingclone/aic-console/views/pages"
)

// NewAccount is GET /admin/service-accounts/new: the empty form.
func (h *Console) NewAccount(r *Request) (Result, error) {
	cat, err := h.catalogue(r)
	if err != nil {
		return Result{}, err
	}
	f := model.AccountForm{Active: true, Errors: map[string]string{}}
	return show(http.StatusOK, h.createPage(r, f, cat))
}

// CreateAccount is POST /admin/service-accounts/new: validate, make a key
// pair, send the account with the public key only, keep the private key for
// its one download, and show it.
func (h *Console) CreateAccount(r *Request) (Result, error) {
	cat, err := h.catalogue(r)
	if err != nil {
		return Result{}, err
	}
	f := accountForm(r.Form)
	f.Active = true
	validate(&f, r.Form, cat, false)
	if f.HasErrors() {
		return show(http.StatusUnprocessableEntity, h.createPage(r, f, cat))
	}
	key, err := h.Keys.Get(r.Ctx)
	if err != nil {
		return Result{}, fmt.Errorf("create service account: %w", err)
	}
	jwks, err := keys.PublicJWKS(key)
	if err != nil {
		return Result{}, err
	}
	acct, err := h.API.CreateServiceAccount(r.Ctx, r.Token, tenantapi.NewServiceAccount{
		Name: f.Name, Description: descriptionValue(f.Description), AccountStatus: "active", Scopes: f.Scopes, JWKS: jwks,
	})
	if err != nil {
		if fieldErr(&f, err) {
			return show(http.StatusUnprocessableEntity, h.createPage(r, f, cat))
		}
		return Result{}, err
	}
	p, err := h.OneTime.Put(r.Session, acct.ID, acct.Name, keys.PurposeCreated, key)
	if err != nil {
		return Result{}, fmt.Errorf("keep private key for download: %w", err)
	}
	return redirect("/admin/keys/"+p.ID, nil)
}

func (h *Console) createPage(r *Request, f model.AccountForm, cat catalogue) templ.Component {
	return pages.CreateAccount(model.CreatePage{
		Page:   r.Page(model.TextNewAccount, accountsCrumbs(model.TextNewAccount)...),
		Form:   f,
		Groups: cat.groups(f.Scopes),
	})
}

func (h *Console) catalogue(r *Request) (catalogue, error) {
	entries, err := h.API.ScopeCatalogue(r.Ctx, r.Token)
	if err != nil {
		return catalogue{}, err
	}
	return newCatalogue(entries), nil
}

// fieldErr puts a tenant validation error (400 naming a field) next to its
// field and reports whether it did.
func fieldErr(f *model.AccountForm, err error) bool {
	var te *tenantapi.Error
	if !errors.As(err, &te) || te.Status != http.StatusBadRequest {
		return false
	}
	field := te.Field()
	switch field {
	case model.FieldName, model.FieldDescription, model.FieldScopes, model.FieldStatus:
	default:
		field = "form"
	}
	msg := te.Message
	if msg == "" {
		msg = "The tenant refused this value."
	}
	f.Errors[field] = msg
	return true
}
