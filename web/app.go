// Package web is the composition root: the Echo application, its one route
// table, middleware order, sessions, CSRF and error handling. Echo-specific
// code lives here and nowhere else.
package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/oauth2"

	"github.com/pingclone/aic-console/handlers"
	"github.com/pingclone/aic-console/keys"
	"github.com/pingclone/aic-console/tenantapi"
)

// Config is what the web application is built from.
type Config struct {
	// Tenant serves the tenant API (/am, /openidm, /environment, /feature).
	Tenant http.Handler
	// BaseURL is this server's external address.
	BaseURL string
	// TenantURL, when set, makes the console talk to a tenant API in another
	// process instead of the embedded one.
	TenantURL string
	DataDir   string
	Logger    *slog.Logger

	// KeyPool makes the service accounts' key pairs; nil starts a pool of
	// DefaultKeyPoolSize 4096-bit keys (tests share a smaller one).
	KeyPool *keys.Pool
	// PageSize is the number of accounts per list page; 0 means the default.
	PageSize int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// DefaultKeyPoolSize is how many fresh key pairs wait in memory.
const DefaultKeyPoolSize = 4

// TenantRequestTimeout bounds one call to a tenant in another process.
const TenantRequestTimeout = 20 * time.Second

// app holds what the console's routes share.
type app struct {
	log           *slog.Logger
	now           func() time.Time
	baseURL       string // this server, no trailing slash
	browserTenant string // where browsers go to sign in
	tenantHost    string
	secure        bool
	sessions      *serverSessions
	oauth         *oauth2.Config
	tenantHTTP    *http.Client
	api           *tenantapi.Client
	console       *handlers.Console
}

// Server is the console's HTTP handler; Close releases its sessions file.
type Server struct {
	*echo.Echo
	app *app
}

// Close closes the console's own database (its sessions).
func (s *Server) Close() error { return s.app.close() }

// New builds the Echo application.
func New(cfg Config) (*Server, error) {
	a, err := newApp(cfg)
	if err != nil {
		return nil, err
	}
	return &Server{Echo: a.echo(cfg.Tenant), app: a}, nil
}

func (a *app) close() error { return a.sessions.db.Close() }

func (a *app) echo(tenant http.Handler) *echo.Echo {
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = a.errorHandler
	a.routes(e, tenant)
	return e
}

func newApp(cfg Config) (*app, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("console base URL %q: must be an absolute http(s) URL", cfg.BaseURL)
	}
	a := &app{log: cfg.Logger, now: cfg.Now, baseURL: base.String(), secure: base.Scheme == "https"}

	serverTenant := a.baseURL
	if cfg.TenantURL != "" {
		t, err := url.Parse(strings.TrimRight(cfg.TenantURL, "/"))
		if err != nil || (t.Scheme != "http" && t.Scheme != "https") || t.Host == "" {
			return nil, fmt.Errorf("tenant URL %q: must be an absolute http(s) URL", cfg.TenantURL)
		}
		a.browserTenant, serverTenant = t.String(), t.String()
		a.tenantHTTP = &http.Client{Timeout: TenantRequestTimeout, CheckRedirect: noRedirects}
	} else {
		if cfg.Tenant == nil {
			return nil, errors.New("console: no embedded tenant and no tenant URL")
		}
		a.browserTenant = a.baseURL
		a.tenantHTTP = &http.Client{Transport: tenantapi.InProcess(cfg.Tenant), CheckRedirect: noRedirects}
	}
	if u, err := url.Parse(a.browserTenant); err == nil {
		a.tenantHost = u.Host
	}
	a.api = tenantapi.New(serverTenant, a.tenantHTTP)
	a.oauth = tenantapi.AdminOAuthConfig(a.baseURL, a.browserTenant, serverTenant)

	hashKey, blockKey, err := loadSessionKeys(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	db, err := openSessionDB(cfg.DataDir, hashKey, blockKey)
	if err != nil {
		return nil, err
	}
	a.sessions = newServerSessions(db, a.secure, cfg.Now)

	pool := cfg.KeyPool
	if pool == nil {
		pool = keys.NewPool(DefaultKeyPoolSize, keys.Bits)
	}
	a.console = &handlers.Console{API: a.api, Keys: pool, OneTime: keys.NewOneTime(cfg.Now), PageSize: cfg.PageSize}
	return a, nil
}

func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
