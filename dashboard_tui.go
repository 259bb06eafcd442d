package main

import (
	"context"
	"fmt"
	"io"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/tui"
)

// runTUI runs the dashboard until the user quits; with --out the session is
// also written on quit, after the terminal is restored, falling back to a
// temp file (and saying where) as a headless run does.
func runTUI(ctx context.Context, r *engine.Runner, o *options, stdout, stderr io.Writer) error {
	err := tui.Run(ctx, r, r.Start(ctx), tui.Options{Theme: o.theme, Out: o.out})
	r.Stop()
	if err != nil || o.out == "" {
		return err
	}
	written, err := writeSnapshot(r, o.out, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "snapshot written to %s\n", written)
	return nil
}
