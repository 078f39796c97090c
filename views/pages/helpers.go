package pages

import (
	"context"
	"io"
	"net/url"
	"strconv"

	"github.com/a-h/templ"
)

func itoa(n int) string { return strconv.Itoa(n) }

// accountURL is the path of one account's page, id escaped.
func accountURL(id, tail string) string {
	return "/admin/service-accounts/" + url.PathEscape(id) + tail
}

// text writes s HTML-escaped, exactly as { s } does, without the fmt.Sprint
// and interface boxing templ spends on every { s }: the list page writes
// dozens of these per request. Used on the list's rows.
type text string

func (s text) Render(_ context.Context, w io.Writer) error {
	_, err := io.WriteString(w, templ.EscapeString(string(s)))
	return err
}
