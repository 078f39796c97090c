package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/pingclone/aic-console/tenant"
	"github.com/pingclone/aic-console/tenant/audit"
	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/store"
	"github.com/pingclone/aic-console/web"
)

// FirstAdminName is the administrator created on a first start.
const FirstAdminName = "admin"

type serveOptions struct {
	addr, data, baseURL, tenantURL string
	auditRetention                 audit.RetentionFlag
	consoleURLs                    string
}

func serve(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var o serveOptions
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&o.data, "data", "./data", "data folder (database, keys)")
	fs.StringVar(&o.baseURL, "base-url", "", "external address of this server (default http://ADDR)")
	fs.StringVar(&o.tenantURL, "tenant-url", "", "talk to a tenant API at this address instead of the embedded one")
	o.auditRetention.D = audit.DefaultRetention
	fs.Var(&o.auditRetention, "audit-retention", "how long audit events are kept: days (90d) or a duration (2160h); 0 keeps them forever")
	fs.StringVar(&o.consoleURLs, "console-url", "", "comma-separated base URLs of consoles served elsewhere (with --tenant-url) that may sign administrators in through this tenant")
	if _, err := parseInterspersed(fs, args); err != nil {
		return fmt.Errorf("%w\n\n%s", err, usage)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", o.addr, err)
	}
	if o.baseURL == "" {
		o.baseURL = "http://" + ln.Addr().String()
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))

	retention := o.auditRetention.D
	if retention == 0 {
		retention = -1 // the flag's 0 is "forever"; the tenant's 0 is its default
	}
	t, err := tenant.New(ctx, tenant.Config{
		DataDir: o.data, BaseURL: o.baseURL, Logger: logger, AuditRetention: retention,
		ConsoleURLs: strings.Split(o.consoleURLs, ","),
	})
	if err != nil {
		ln.Close()
		return err
	}
	defer t.Close()
	if err := ensureFirstAdmin(ctx, t.Store(), o.baseURL, stdout); err != nil {
		ln.Close()
		return err
	}
	app, err := web.New(web.Config{Tenant: t.Handler(), BaseURL: o.baseURL, TenantURL: o.tenantURL, DataDir: o.data, Logger: logger})
	if err != nil {
		ln.Close()
		return err
	}
	defer app.Close()
	srv := &http.Server{Handler: app, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	fmt.Fprintf(stdout, "Serving on %s (data in %s)\n", o.baseURL, o.data)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down: %w", err)
	}
	fmt.Fprintln(stdout, "Stopped.")
	return nil
}

// ensureFirstAdmin creates the first administrator on a tenant that has none
// and prints its credentials, once.
func ensureFirstAdmin(ctx context.Context, st *store.Store, baseURL string, stdout io.Writer) error {
	n, err := st.CountAdmins(ctx, store.RoleTenantAdmin)
	if err != nil || n > 0 {
		return err
	}
	password, err := auth.GeneratePassword()
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	if err := st.AddAdmin(ctx, store.Admin{Username: FirstAdminName, Role: store.RoleTenantAdmin, PasswordHash: hash}); err != nil {
		if errors.Is(err, store.ErrExists) {
			return nil
		}
		return err
	}
	fmt.Fprintf(stdout, "\nFirst start: a tenant administrator was created. This is shown once.\n"+
		"  Sign in at: %s/admin/\n  User name:  %s\n  Password:   %s\n\n", baseURL, FirstAdminName, password)
	return nil
}
