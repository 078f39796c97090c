package pages

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/pingclone/aic-console/views/model"
)

// BenchmarkListRender renders the Service Accounts page with 10 rows (the
// console's page size), the view's share of every list request; and
// BenchmarkListRenderNoRows the same page empty, the layout's share.
func BenchmarkListRender(b *testing.B) {
	m := model.AccountList{Page: model.Page{Title: "Service Accounts", User: model.User{Name: "amadmin", Role: "tenant-admin", CanChange: true}, CSRF: "abcdefghijabcdefghijabcdefghij12", TenantHost: "console.test",
		Breadcrumbs: []model.Crumb{{Label: "Tenant settings", URL: "/admin/tenant-settings"}, {Label: "Global Settings", URL: "/admin/tenant-settings/global-settings"}, {Label: "Service Accounts"}}},
		PageNumber: 1, First: 1, NextURL: "/admin/service-accounts?page=2&after=eyJrIjoiYWNjdC0wMDAwOSJ9"}
	for i := 0; i < 10; i++ {
		m.Rows = append(m.Rows, model.AccountRow{ID: fmt.Sprintf("0f8e2c1a-4b3d-4e5f-8a9b-%012d", i), Name: fmt.Sprintf("acct-%05d", i), Active: true})
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		buf.Reset()
		if err := ServiceAccounts(m).Render(context.Background(), &buf); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
