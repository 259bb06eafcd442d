package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/mcptop/mcptop/report"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/themes"
	"github.com/mcptop/mcptop/tui"
)

const viewUsage = "usage: mcptop view SNAPSHOT|- [--theme NAME]"

// themeUsage is --theme's help, the dashboard's and view's.
const themeUsage = "dashboard theme: dark, light, high-contrast or mono (default: from the terminal; mono when NO_COLOR is set)"

// viewFlags are the flags of `mcptop view`; theme lands in *theme.
func viewFlags(theme *string) *flag.FlagSet {
	fs := flag.NewFlagSet("mcptop view", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(theme, "theme", "", themeUsage)
	return fs
}

// viewSnapshot is `mcptop view`: the saved session SNAPSHOT (- reads stdin)
// in the dashboard, each run a tab, no engine. A bad command line, an
// unreadable or invalid snapshot and a stdout that is not a terminal are
// usage errors (exit 2), as report's are.
func viewSnapshot(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	var theme string
	fs := viewFlags(&theme)
	pos, err := report.ParseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		printHelp(stdout, fs, viewUsage+"\nShow a snapshot written by mcptop (--out, or e in the dashboard) in the dashboard: each run a tab, "+
			"its charts, table and histogram; - reads it from stdin.\n")
		return nil
	}
	if err != nil {
		return usagef("view: %w (%s)", err, viewUsage)
	}
	if len(pos) != 1 {
		return usagef("view: need one SNAPSHOT, got %d (%s)", len(pos), viewUsage)
	}
	if err := themes.Check(theme); err != nil {
		return usagef("view: --theme: %w", err)
	}
	if !isTerminal(stdout) {
		return usagef("view: stdout is not a terminal; mcptop report %s prints the snapshot as text", pos[0])
	}
	var s *snapshot.Snapshot
	if pos[0] == "-" {
		if s, err = snapshot.Read(stdin); err != nil {
			err = fmt.Errorf("stdin: %w", err)
		}
	} else {
		s, err = snapshot.ReadFile(pos[0])
	}
	if err != nil {
		return usagef("view: %w", err)
	}
	name := pos[0]
	if name == "-" {
		name = "stdin"
	}
	return tui.View(ctx, s, name, builtins(), tui.Options{Theme: theme})
}
