package pages

import (
	"context"
	"io"

	"github.com/a-h/templ"

	"github.com/pingclone/aic-console/views/model"
)

// accountRows writes the list's table rows: the page's hot loop, run for
// every row of every list request. It is Go rather than templ so that a row
// costs a few buffer writes instead of templ's boxing and re-escaping of
// each attribute; the markup is what the templ version wrote (TestRowMarkup
// pins it). Every value from the tenant goes through templ.EscapeString,
// in text and in attributes alike (all attributes are double-quoted).
type accountRows struct {
	rows      []model.AccountRow
	canChange bool
}

// Menu texts, escaped once.
var (
	escEdit          = templ.EscapeString(model.TextEdit)
	escRegenerateKey = templ.EscapeString(model.TextRegenerateKey)
	escDelete        = templ.EscapeString(model.TextDelete)
)

func (a accountRows) Render(_ context.Context, w io.Writer) error {
	rw := rowWriter{w: w}
	for _, r := range a.rows {
		id := templ.EscapeString(r.ID)
		path := templ.EscapeString(accountURL(r.ID, ""))
		name := templ.EscapeString(r.Name)
		rw.put(`<tr data-testid="account-row" data-account-id="`, id,
			`"><td data-testid="account-name"><a href="`, path, `" data-testid="account-details-link">`, name,
			`</a></td><td><code data-testid="account-id">`, id, `</code></td><td>`)
		if r.Active {
			rw.put(`<span class="badge badge-success" data-testid="account-status">Active</span>`)
		} else {
			rw.put(`<span class="badge badge-muted" data-testid="account-status">Inactive</span>`)
		}
		rw.put(`</td>`)
		if a.canChange {
			rw.put(`<td class="actions"><details class="menu row-menu" data-testid="row-menu"><summary class="ellipsis" aria-label="Actions for `, name,
				`" data-testid="row-menu-toggle"><span aria-hidden="true">…</span></summary><ul class="menu-list menu-right"><li><a href="`, path,
				`/edit" data-testid="row-edit">`, escEdit, `</a></li><li><a href="`, path,
				`/regenerate-key" data-testid="row-regenerate-key">`, escRegenerateKey, `</a></li><li><a class="danger" href="`, path,
				`/delete" data-testid="row-delete">`, escDelete, `</a></li></ul></details></td>`)
		}
		rw.put(`</tr>`)
	}
	return rw.err
}

// rowWriter writes strings until the first error.
type rowWriter struct {
	w   io.Writer
	err error
}

func (rw *rowWriter) put(parts ...string) {
	for _, p := range parts {
		if rw.err != nil {
			return
		}
		_, rw.err = io.WriteString(rw.w, p)
	}
}
