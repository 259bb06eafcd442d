package main

import (
	"context"
	"errors"
	"io"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/report"
)

func runTUI(ctx context.Context, r *engine.Runner, o *options) error {
	return errors.New("dashboard not wired yet")
}

func runReport(args []string, stdout, stderr io.Writer) int {
	return report.RunReport(args, stdout, stderr)
}
func runCompare(args []string, stdout, stderr io.Writer) int {
	return report.RunCompare(args, stdout, stderr)
}
