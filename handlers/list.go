package handlers

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pingclone/aic-console/tenantapi"
	"github.com/pingclone/aic-console/views/model"
	"github.com/pingclone/aic-console/views/pages"
)

// DefaultPageSize is how many accounts one list page shows.
const DefaultPageSize = 10

// maxPage bounds the page number read from the address.
const maxPage = 1_000_000

// List is GET /admin/service-accounts: the table, searched and paged on the
// tenant (_queryFilter, _pagedResultsCookie), never in the console.
//
// Query parameters: q (search), page (from 1), after (the tenant's paged
// results cookie for this page; without it, pages past the first use an offset).
func (h *Console) List(r *Request) (Result, error) {
	search := strings.TrimSpace(r.Query.Get(model.FieldSearch))
	if utf8.RuneCountInString(search) > MaxNameLength {
		search = string([]rune(search)[:MaxNameLength])
	}
	page, _ := strconv.Atoi(r.Query.Get("page"))
	if page < 1 || page > maxPage {
		page = 1
	}
	size := h.pageSize()
	q := tenantapi.Query{PageSize: size, SortKeys: []string{"name"}, Fields: []string{"_id", "name", "accountStatus"}}
	if search != "" {
		q.Filter = "name co " + tenantapi.QuoteFilterValue(search)
	}
	if after := r.Query.Get("after"); after != "" && page > 1 {
		q.Cookie = after
	} else if page > 1 {
		q.Offset = (page - 1) * size
	}
	res, err := h.API.QueryServiceAccounts(r.Ctx, r.Token, q)
	if err != nil {
		return Result{}, err
	}
	m := model.AccountList{
		Page:       r.Page(model.TextServiceAccounts, crumbTenantSettings, crumbGlobalSettings, model.Crumb{Label: model.TextServiceAccounts}),
		Search:     search,
		PageNumber: page,
		First:      (page-1)*size + 1,
		Rows:       make([]model.AccountRow, 0, len(res.Result)),
	}
	for _, a := range res.Result {
		m.Rows = append(m.Rows, model.AccountRow{ID: a.ID, Name: a.Name, Active: a.Active()})
	}
	if page > 1 {
		m.PrevURL = listURL(search, page-1, "")
	}
	if next := res.NextCookie(); next != "" && len(res.Result) == size {
		m.NextURL = listURL(search, page+1, next)
	}
	return show(http.StatusOK, pages.ServiceAccounts(m))
}

func (h *Console) pageSize() int {
	if h.PageSize > 0 {
		return h.PageSize
	}
	return DefaultPageSize
}

func listURL(search string, page int, after string) string {
	v := url.Values{}
	if search != "" {
		v.Set(model.FieldSearch, search)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if after != "" {
		v.Set("after", after)
	}
	if len(v) == 0 {
		return "/admin/service-accounts"
	}
	return "/admin/service-accounts?" + v.Encode()
}
