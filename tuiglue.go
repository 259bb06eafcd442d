package main

import (
	"context"
	"io"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/report"
	"github.com/mcptop/mcptop/tui"
)

// runTUI runs the dashboard until the user quits; with --out the session is
// also written on quit.
func runTUI(ctx context.Context, r *engine.Runner, o *options) error {
	defer r.Stop()
	return tui.Run(ctx, r, r.Start(ctx), tui.Options{Theme: o.theme, Out: o.out, ExportOnQuit: o.out != ""})
}

func runReport(args []string, stdout, stderr io.Writer) int {
	return report.RunReport(args, stdout, stderr)
}
func runCompare(args []string, stdout, stderr io.Writer) int {
	return report.RunCompare(args, stdout, stderr)
}
