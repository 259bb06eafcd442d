package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/mcptop/mcptop/units"
	"github.com/mcptop/mcptop/workload"
)

// runList is `mcptop list`: every workload, its parameters and its
// implementations, one line each. An approximate implementation's line
// says its stated bound and the largest error measured at the default
// parameters.
func runList(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usagef("list takes no arguments, got %q", args[0])
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for i, t := range tabs(builtins()) {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		listWorkload(tw, t.w)
	}
	if err := tw.Flush(); err != nil && !errors.Is(err, syscall.EPIPE) {
		return err
	}
	return nil // a reader that went away (| head) took what it wanted
}

func listWorkload(w io.Writer, wl workload.Workload) {
	about := wl.Description
	if wl.Name == targetWorkload {
		about += "; --target starts it"
	}
	fmt.Fprintf(w, "%s\t%s\n", wl.Name, about)
	for _, p := range wl.Params {
		fmt.Fprintf(w, "  --%s\t%s\n", p.Name, paramLine(p))
	}
	for _, im := range wl.Impls {
		fmt.Fprintf(w, "  %s\t%s\n", im.Name, implLine(wl, im))
	}
}

// paramLine describes a parameter: "names registered before the run
// starts: 0–1M keys, default 10k (steps 0, 1k, 10k, 100k, 1M)".
func paramLine(p workload.Param) string {
	unit := ""
	if p.Unit != "" {
		unit = " " + p.Unit
	}
	s := fmt.Sprintf("%s: %s–%s%s, default %s", p.Help, units.Compact(p.Min), units.Compact(p.Max), unit, units.Compact(p.Default))
	if len(p.Steps) > 0 {
		steps := make([]string, len(p.Steps))
		for i, v := range p.Steps {
			steps[i] = units.Compact(v)
		}
		s += " (steps " + strings.Join(steps, ", ") + ")"
	}
	return s
}

// implLine describes an implementation: its label, which side runs it by
// default, and what it is worth knowing besides its speed.
func implLine(wl workload.Workload, im workload.Impl) string {
	s := im.Label
	for v, name := range wl.Pair {
		if name == im.Name {
			s += " [default " + workload.Variants[v].Letter() + "]"
		}
	}
	if im.Note != "" {
		s += "; " + im.Note
	}
	if im.Accuracy != nil {
		p := wl.Defaults()
		if e, err := im.Accuracy(p); err == nil {
			s += fmt.Sprintf("; measured %s at %s", units.Percent(e), p)
		}
	}
	return s
}
