package main

import (
	"strings"

	"github.com/mcptop/mcptop/calibration"
	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/correlation"
	"github.com/mcptop/mcptop/gosdk"
	"github.com/mcptop/mcptop/mcpwire"
	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/registry"
	"github.com/mcptop/mcptop/target"
	"github.com/mcptop/mcptop/workload"
)

// targetWorkload is the name of the tab that measures --target servers.
const targetWorkload = "target"

// builtins lists the workloads that need nothing from outside, in tab order.
// The target workload comes after them when --target is given
// (target.Prepare).
func builtins() []workload.Workload {
	return []workload.Workload{
		registry.Workload(),
		correlation.Workload(),
		codec.Workload(),
		percentile.Workload(),
		mcpwire.E2EWorkload(gosdk.Impl()),
		calibration.Workload(),
	}
}

// tab is a workload as the command line knows it, before anything is built:
// its name, the parameters its flags set, by name, and its implementations
// with the default pair.
type tab struct {
	name   string
	params map[string]workload.Param
	w      workload.Workload // for its implementations: Impl, CheckImpl, Pair
}

func newTab(w workload.Workload) tab {
	t := tab{name: w.Name, params: make(map[string]workload.Param, len(w.Params)), w: w}
	for _, p := range w.Params {
		t.params[p.Name] = p
	}
	return t
}

// tabs lists every workload a flag may name, in tab order: the built-ins,
// then the target workload, whose parameters are described without
// starting a server.
func tabs(ws []workload.Workload) []tab {
	out := make([]tab, 0, len(ws)+1)
	for _, w := range ws {
		out = append(out, newTab(w))
	}
	return append(out, newTab(target.Spec()))
}

// tabNames joins the tabs' names with ", ".
func tabNames(ts []tab) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.name
	}
	return strings.Join(s, ", ")
}
