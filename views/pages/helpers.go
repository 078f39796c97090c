package pages

import (
	"net/url"
	"strconv"
)

func itoa(n int) string { return strconv.Itoa(n) }

// accountURL is the path of one account's page, id escaped.
func accountURL(id, tail string) string {
	return "/admin/service-accounts/" + url.PathEscape(id) + tail
}
