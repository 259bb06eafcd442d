package tui

import (
	"context"
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/themes"
	"github.com/mcptop/mcptop/workload"
)

var _ Controller = (*engine.Runner)(nil)

// Run shows the dashboard for r, fed by updates (from r.Start), on the
// terminal's alternate screen until the user quits, ctx ends or updates is
// closed, then restores the terminal. An unknown opts.Theme is an error
// naming the themes; quitting by key, by SIGINT or by ctx is not an error.
// Run does not stop r, nor write a snapshot on quitting: its caller does,
// once the terminal is restored.
func Run(ctx context.Context, r *engine.Runner, updates <-chan engine.Update, opts Options) error {
	_, err := run(ctx, r, r.Workloads(), updates, opts)
	return err
}

// run is Run with the program options tests need (input, output, no
// signal handler); it also returns the final model.
func run(ctx context.Context, c Controller, wls []workload.Workload, updates <-chan engine.Update, opts Options, popts ...tea.ProgramOption) (Model, error) {
	if err := themes.Check(opts.Theme); err != nil {
		return Model{}, fmt.Errorf("--theme: %w", err)
	}
	return runModel(ctx, New(c, wls, opts).withUpdates(updates), popts...)
}

// runModel runs m on the alternate screen until it quits, ctx ends or its
// updates close, and returns the final model; quitting by key, by SIGINT
// or by ctx is not an error.
func runModel(ctx context.Context, m Model, popts ...tea.ProgramOption) (Model, error) {
	popts = append([]tea.ProgramOption{tea.WithAltScreen(), tea.WithContext(ctx), tea.WithFPS(frameRate)}, popts...)
	final, err := tea.NewProgram(m, popts...).Run()
	switch {
	case err == nil:
	case errors.Is(err, tea.ErrInterrupted):
		err = nil
	case errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil:
		err = nil
	}
	fm, ok := final.(Model)
	if !ok {
		fm = m
	}
	return fm, err
}
