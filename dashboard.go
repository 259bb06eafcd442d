package main

import (
	"context"
	"io"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/tui"
)

// runDashboard runs the dashboard until the user quits, then calls quit
// (which gives up what is still starting) and stops the engine; with --out
// the session is also written on quit, after the terminal is restored,
// falling back to a temp file (and saying where) as a headless run does.
func runDashboard(ctx context.Context, quit func(), r *engine.Runner, o *options, stdout, stderr io.Writer) error {
	err := tui.Run(ctx, r, r.Start(ctx), tui.Options{Theme: o.theme, Out: o.out, Against: o.against, AgainstName: o.againstName})
	quit()
	r.Stop()
	if err != nil || o.out == "" {
		return err
	}
	return writeSnapshot(r.Snapshot(), o.out, stdout, stdout, stderr)
}
