package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/pingclone/aic-console/tenantapi"
)

func init() { extraCommands["token"] = tokenCommand }

// tokenCommand is `console token`: it signs an assertion with a service
// account's private key and prints the access token the tenant grants (or,
// with --json, the whole answer).
func tokenCommand(args []string, _ io.Reader, stdout, _ io.Writer) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	tenantURL := fs.String("tenant-url", "", "the tenant's address, e.g. https://tenant.example.com")
	id := fs.String("id", "", "the service account ID")
	keyFile := fs.String("key", "", "the service account's private key file (JWK)")
	scope := fs.String("scope", "", `scopes to ask for, space-separated (default: all the account's scopes), e.g. "fr:idm:*"`)
	asJSON := fs.Bool("json", false, "print the whole token answer as JSON")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return fmt.Errorf("%w\n\n%s", err, usage)
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected argument %q\n\n%s", rest[0], usage)
	}
	switch {
	case *tenantURL == "":
		return errors.New("--tenant-url is required")
	case *id == "":
		return errors.New("--id is required (the service account ID shown when it was created)")
	case *keyFile == "":
		return errors.New("--key is required (the private key file downloaded from the console)")
	}
	if u, err := url.Parse(*tenantURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--tenant-url %q must be an absolute http(s) URL", *tenantURL)
	}
	data, err := os.ReadFile(*keyFile)
	if err != nil {
		return fmt.Errorf("read key file: %w", err)
	}
	key, err := tenantapi.ParseServiceAccountKey(data)
	if err != nil {
		return fmt.Errorf("%s: %w", *keyFile, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	hc := &http.Client{Timeout: 30 * time.Second}
	tok, body, err := tenantapi.RequestServiceAccountToken(ctx, hc, *tenantURL, strings.TrimSpace(*id), key, *scope)
	if err != nil {
		return err
	}
	if *asJSON {
		_, err = fmt.Fprintln(stdout, strings.TrimSpace(string(body)))
		return err
	}
	_, err = fmt.Fprintln(stdout, tok.AccessToken)
	return err
}
