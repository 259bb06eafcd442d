// Command mcptop is top for MCP performance work: a terminal dashboard that
// runs the workloads of an MCP stack, each as a baseline and an optimised
// variant, and shows second by second how they compare. See README.md.
//
// This package is the command line only: main.go maps errors to exit
// codes and dispatches the sub-commands; flags.go and params.go define,
// validate and apply the flags; workloads.go lists the workloads; run.go
// starts a measuring run, which dashboard.go or headless.go then shows;
// snapshot.go and out.go write the session at the end, to a file or to
// stdout; failif.go judges --fail-if; signals.go says how a run ends on a
// signal or a closed stdout; completion.go writes the shell completions;
// merge.go is mcptop merge; serve.go is mcptop serve; view.go is mcptop
// view and reads --against.
//
// It may import any package of mcptop but no third-party module: Bubble Tea
// stays behind tui, Prometheus behind metrics.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/report"
	"github.com/mcptop/mcptop/units"
)

func main() {
	ctx, stop := withSignals(context.Background(), os.Stderr)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	cleanUp() // os.Exit skips defers
	var ue usageError
	var ec exitCode
	switch {
	case err == nil:
	case errors.As(err, &ec):
		os.Exit(int(ec))
	case errors.As(err, &ue):
		fmt.Fprintln(os.Stderr, "mcptop:", units.SafeLine(err.Error()))
		os.Exit(2)
	default: // a server's error carries its stderr: printed safe
		fmt.Fprintln(os.Stderr, "mcptop:", units.SafeLine(err.Error()))
		os.Exit(1)
	}
}

// usageError is bad input on the command line: exit status 2.
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// exitCode ends the program with a status, its message already printed.
type exitCode int

// The exit statuses a run ends with besides 0 (every one is listed in
// --help and the README); 2 is a usageError's.
const (
	// exitMaxErrors: a variant failed more ops than --max-errors allows.
	exitMaxErrors exitCode = 1
	// exitOutFallback: --out could not be written, the snapshot went to a
	// temp file.
	exitOutFallback exitCode = 3
)

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// run is mcptop without the process around it: arguments in, output to
// stdout and stderr, an error out.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "report":
			return subcommand(report.RunReport(ctx, args[1:], os.Stdin, stdout, stderr))
		case "compare":
			return subcommand(report.RunCompare(ctx, args[1:], os.Stdin, stdout, stderr))
		case "serve":
			return serve(ctx, args[1:], stdout, stderr)
		case "completion":
			return completion(args[1:], stdout)
		case "merge":
			return mergeSnapshots(args[1:], stdout, stderr)
		case "view":
			return viewSnapshot(ctx, args[1:], os.Stdin, stdout)
		case "list":
			return runList(args[1:], stdout)
		case "matrix":
			return measure(ctx, args[1:], stdout, stderr, true)
		case "version", "--version", "-version":
			fmt.Fprintln(stdout, "mcptop", version())
			return nil
		}
	}
	return measure(ctx, args, stdout, stderr, false)
}

func subcommand(code int) error {
	if code == 0 {
		return nil
	}
	return exitCode(code)
}

func version() string { return engine.Version() }
