// Package pages renders the tenant's own HTML pages (sign-in, sign-in errors,
// signed out) with templ.
package pages

import _ "embed"

// Stylesheet is served at /am/XUI/signin.css.
//
//go:embed signin.css
var Stylesheet []byte
