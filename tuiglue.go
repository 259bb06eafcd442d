package main

import (
	"context"
	"errors"

	"github.com/mcptop/mcptop/engine"
)

func runTUI(ctx context.Context, r *engine.Runner, o *options) error {
	return errors.New("dashboard not wired yet")
}

func runReport(args []string, stdout, stderr interface{ Write([]byte) (int, error) }) int  { return 2 }
func runCompare(args []string, stdout, stderr interface{ Write([]byte) (int, error) }) int { return 2 }
