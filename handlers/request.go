// Package handlers holds the console's flows, one file per flow: they read a
// Request, call the tenant API and answer a Result. They know nothing of Echo;
// package web adapts them to routes, sessions and responses.
package handlers

import (
	"context"
	"net/url"

	"github.com/a-h/templ"

	"github.com/pingclone/aic-console/keys"
	"github.com/pingclone/aic-console/tenantapi"
	"github.com/pingclone/aic-console/views/model"
)

// Request is what a handler may know about one browser request.
type Request struct {
	Ctx   context.Context
	Token string // the administrator's access token for the tenant API
	User  model.User
	// Session is the random ID of the browser session; one-time keys are bound to it.
	Session    string
	CSRF       string
	Form       url.Values
	Query      url.Values
	Params     map[string]string
	Flashes    []model.Flash
	TenantHost string
}

// Param is the path parameter name.
func (r *Request) Param(name string) string { return r.Params[name] }

// Page is the layout model for a page titled title.
func (r *Request) Page(title string, crumbs ...model.Crumb) model.Page {
	return model.Page{Title: title, User: r.User, CSRF: r.CSRF, Flashes: r.Flashes, TenantHost: r.TenantHost, Breadcrumbs: crumbs}
}

// Result is a handler's answer: a page, a redirect (303 See Other) or a download.
type Result struct {
	Status   int
	View     templ.Component
	Redirect string
	Flash    *model.Flash
	Download *Download
}

// Download is a file sent as an attachment, never cached.
type Download struct {
	Filename    string
	ContentType string
	Body        []byte
}

// Handler is one flow step.
type Handler func(*Request) (Result, error)

// Console holds what the flows need.
type Console struct {
	API      *tenantapi.Client
	Keys     *keys.Pool
	OneTime  *keys.OneTime
	PageSize int
}

func show(status int, v templ.Component) (Result, error) { return Result{Status: status, View: v}, nil }

func redirect(to string, flash *model.Flash) (Result, error) {
	return Result{Redirect: to, Flash: flash}, nil
}

// Breadcrumbs under Tenant settings.
var (
	crumbTenantSettings = model.Crumb{Label: model.TextTenantSettings, URL: "/admin/tenant-settings"}
	crumbGlobalSettings = model.Crumb{Label: model.TextGlobalSettings, URL: "/admin/tenant-settings/global-settings"}
	crumbAccounts       = model.Crumb{Label: model.TextServiceAccounts, URL: "/admin/service-accounts"}
)

func accountsCrumbs(last string) []model.Crumb {
	return []model.Crumb{crumbTenantSettings, crumbGlobalSettings, crumbAccounts, {Label: last}}
}

// accountPath is the path of one account's page.
func accountPath(id, tail string) string {
	return "/admin/service-accounts/" + url.PathEscape(id) + tail
}
