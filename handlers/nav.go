package handlers

import (
	"net/http"

	"github.com/pingclone/aic-console/views/model"
	"github.com/pingclone/aic-console/views/pages"
)

// Dashboard is GET /admin/.
func (h *Console) Dashboard(r *Request) (Result, error) {
	return show(http.StatusOK, pages.Dashboard(r.Page("Dashboard")))
}

// TenantSettings is GET /admin/tenant-settings.
func (h *Console) TenantSettings(r *Request) (Result, error) {
	return show(http.StatusOK, pages.TenantSettings(r.Page(model.TextTenantSettings, model.Crumb{Label: model.TextTenantSettings})))
}

// GlobalSettings is GET /admin/tenant-settings/global-settings.
func (h *Console) GlobalSettings(r *Request) (Result, error) {
	return show(http.StatusOK, pages.GlobalSettings(r.Page(model.TextGlobalSettings, crumbTenantSettings, model.Crumb{Label: model.TextGlobalSettings})))
}
