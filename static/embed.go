// Package static holds the console's stylesheet and script, embedded in the
// binary: no CDN, nothing fetched at run time.
package static

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed css js
var files embed.FS

// FS is the embedded files, rooted at this folder.
var FS fs.FS = files

// Handler serves the files under /static/.
func Handler() http.Handler {
	fileServer := http.StripPrefix("/static/", http.FileServer(http.FS(files)))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		fileServer.ServeHTTP(w, r)
	})
}
