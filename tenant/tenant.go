// Package tenant is the embedded PingOne Advanced Identity Cloud tenant API:
// the service account resource, the scope catalogue, administrator sign-in,
// service account tokens and the resources behind the scopes. It speaks only
// HTTP (net/http), so the console reaches it as any other client would.
package tenant

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pingclone/aic-console/tenant/audit"
	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/store"
)

// Config is what the tenant needs to start.
type Config struct {
	DataDir string
	// BaseURL is the tenant's external address, e.g. http://127.0.0.1:8080;
	// token audiences, Location headers and redirect URIs derive from it.
	BaseURL string
	Logger  *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// AuditRetention is how long audit events are kept: 0 means
	// audit.DefaultRetention (90 days), a negative value forever.
	AuditRetention time.Duration
	// ConsoleURLs are consoles served elsewhere (console serve --tenant-url)
	// that may sign administrators in through this tenant: their
	// /admin/oauth/callback and post-logout pages are registered for
	// idmAdminClient besides the base URL's own.
	ConsoleURLs []string
}

// CookieName is the AM session cookie, as /am/json/serverinfo/* announces it.
const CookieName = "iPlanetDirectoryPro"

// MaxBodyBytes bounds every request body the tenant reads.
const MaxBodyBytes = 64 << 10

// Tenant is a running tenant API.
type Tenant struct {
	cfg     Config
	baseURL *url.URL
	log     *slog.Logger
	now     func() time.Time
	store   *store.Store
	signer  *auth.Signer
	authn   *auth.Authenticator
	// tokenEvents records the token endpoint's answers in group commits.
	tokenEvents        *store.GroupCommit[audit.Event, struct{}]
	tokenEventInserter *audit.Inserter
	handler            http.Handler
	// stopAudit ends the audit retention loop.
	stopAudit func()
}

// New opens the tenant's store in cfg.DataDir and builds its routes.
func New(ctx context.Context, cfg Config) (*Tenant, error) {
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("tenant base URL %q: must be an absolute http(s) URL", cfg.BaseURL)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	st, err := store.Open(ctx, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	signer, err := auth.LoadSigner(ctx, st, base.String())
	if err != nil {
		st.Close()
		return nil, err
	}
	inserter, err := audit.PrepareInserter(ctx, st.DB())
	if err != nil {
		st.Close()
		return nil, err
	}
	t := &Tenant{cfg: cfg, baseURL: base, log: cfg.Logger, now: cfg.Now, store: st, signer: signer,
		tokenEventInserter: inserter, tokenEvents: newTokenEvents(st, inserter)}
	t.authn = &auth.Authenticator{
		Signer: signer, Store: st, CookieName: CookieName,
		SessionIdle: SessionIdleTimeout, Now: cfg.Now,
		Accounts: svcacctLookup(st),
	}
	if err := t.build(ctx); err != nil {
		st.Close()
		return nil, err
	}
	if err := t.startAuditRetention(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return t, nil
}

// Handler serves the tenant API.
func (t *Tenant) Handler() http.Handler { return t.handler }

// Store is the tenant's store, for the CLI's administrator commands.
func (t *Tenant) Store() *store.Store { return t.store }

// BaseURL is the tenant's external address, without a trailing slash.
func (t *Tenant) BaseURL() string { return t.baseURL.String() }

// Close stops background work and releases the store.
func (t *Tenant) Close() error {
	if t.stopAudit != nil {
		t.stopAudit()
	}
	return t.store.Close()
}

// Session lifetimes of administrators' AM sessions.
const (
	SessionIdleTimeout = 30 * time.Minute
	SessionMaxLifetime = 8 * time.Hour
)
