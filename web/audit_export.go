package web

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/pingclone/aic-console/handlers"
	"github.com/pingclone/aic-console/tenantapi"
)

// auditExport is GET /admin/tenant-settings/audit/export?format=csv|json plus
// the Audit page's filters: the tenant's export streamed through to the
// browser as it arrives, flushed chunk by chunk, never held whole.
func (a *app) auditExport(c echo.Context) error {
	q, format, err := handlers.AuditExportQuery(c.QueryParams())
	if err != nil {
		return err
	}
	resp, err := a.api.ExportAuditEvents(tenantapi.WithClientAddress(c.Request().Context(), remoteIP(c.Request())), sessionString(c, keyToken), q, format)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	filename := "audit-events." + format
	if _, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition")); err == nil && params["filename"] != "" {
		filename = params["filename"]
	}
	contentType := "text/csv; charset=utf-8"
	if format == "json" {
		contentType = "application/json; charset=utf-8"
	}
	h := c.Response().Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	h.Set("X-Content-Type-Options", "nosniff")
	c.Response().WriteHeader(http.StatusOK)
	buf := make([]byte, 32<<10)
	for {
		n, rerr := resp.Body.Read(buf)
		if n > 0 {
			if _, werr := c.Response().Write(buf[:n]); werr != nil {
				return nil // the browser went away; closing the body stops the tenant
			}
			c.Response().Flush()
		}
		if errors.Is(rerr, io.EOF) {
			return nil
		}
		if rerr != nil {
			// Headers are sent: cut the download so it cannot pass for complete.
			a.log.Error("audit export broke off", "err", rerr)
			panic(http.ErrAbortHandler)
		}
	}
}
