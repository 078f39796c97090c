package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/store"
)

func admin(args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("missing subcommand (add or list)\n\n%s", usage)
	}
	fs := flag.NewFlagSet("admin", flag.ContinueOnError)
	data := fs.String("data", "./data", "data folder")
	role := fs.String("role", store.RoleTenantAdmin, "tenant-admin or tenant-auditor")
	positional, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return fmt.Errorf("%w\n\n%s", err, usage)
	}
	ctx := context.Background()
	switch args[0] {
	case "add":
		if len(positional) != 1 {
			return fmt.Errorf("give exactly one USERNAME\n\n%s", usage)
		}
		return adminAdd(ctx, *data, positional[0], *role, stdin, stdout)
	case "list":
		return adminList(ctx, *data, stdout)
	}
	return fmt.Errorf("unknown subcommand %q\n\n%s", args[0], usage)
}

func adminAdd(ctx context.Context, data, username, role string, stdin io.Reader, stdout io.Writer) error {
	username = strings.TrimSpace(username)
	if username == "" || len(username) > 128 || strings.ContainsAny(username, " \t\r\n") {
		return errors.New("user name must be 1 to 128 characters without spaces")
	}
	if !store.ValidRole(role) {
		return fmt.Errorf("role must be %s or %s", store.RoleTenantAdmin, store.RoleTenantAuditor)
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password from standard input: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, data)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.AddAdmin(ctx, store.Admin{Username: username, Role: role, PasswordHash: hash}); err != nil {
		if errors.Is(err, store.ErrExists) {
			return fmt.Errorf("user %q already exists", username)
		}
		return err
	}
	fmt.Fprintf(stdout, "Added %s (%s).\n", username, role)
	return nil
}

func adminList(ctx context.Context, data string, stdout io.Writer) error {
	st, err := store.Open(ctx, data)
	if err != nil {
		return err
	}
	defer st.Close()
	admins, err := st.ListAdmins(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "USERNAME\tROLE\tCREATED")
	for _, a := range admins {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", a.Username, a.Role, a.CreatedAt.Format("2006-01-02 15:04:05Z"))
	}
	return tw.Flush()
}
