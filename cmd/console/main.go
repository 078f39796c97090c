// Command console serves the Service Accounts console and its embedded tenant
// API, and manages the tenant's administrators.
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `Usage:
  console [serve] [--addr 127.0.0.1:8080] [--data ./data] [--base-url URL] [--tenant-url URL] [--audit-retention 90d] [--console-url URL,...]
  console admin add USERNAME [--role tenant-admin|tenant-auditor] [--data ./data]   (password on standard input)
  console admin list [--data ./data]
  console token --tenant-url URL --id SVCACCT_ID --key key.jwk [--scope "fr:idm:*"] [--json]
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches a subcommand and returns the process exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(args, stdout, stderr)
	case "admin":
		err = admin(args, stdin, stdout)
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		if extra, ok := extraCommands[cmd]; ok {
			err = extra(args, stdin, stdout, stderr)
			break
		}
		fmt.Fprintf(stderr, "console: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "console %s: %v\n", cmd, err)
		return 1
	}
	return 0
}

// extraCommands lets other files of this package add subcommands.
var extraCommands = map[string]func(args []string, stdin io.Reader, stdout, stderr io.Writer) error{}
