// Package e2e drives the real console binary in real Chromium with
// playwright-go. The tests carry the build tag e2e, so plain `go test ./...`
// needs no browser; run them with `make e2e` (see README.md beside this file).
package e2e
