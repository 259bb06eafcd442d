package tui

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/themes"
	"github.com/mcptop/mcptop/units"
	"github.com/mcptop/mcptop/workload"
)

// tab is one tab of the dashboard: a workload of the live session, or one
// run of a saved snapshot.
type tab struct {
	key   string // what its Updates are filed under (Model.keyOf)
	label string // its text: the workload's name; a saved run's workload, parameters and implementations
	brief string // a saved run's shorter text: its workload and side B's implementation
	w     workload.Workload
}

// text is the tab's text at a detail from 3 (its label) to 0 (its
// workload's name): 2 keeps the label for the shown tab only, 1 is brief.
func (t tab) text(detail int, shown bool) string {
	switch {
	case detail == 3 || detail == 2 && shown || t.brief == "":
		return t.label
	case detail >= 1:
		return t.brief
	}
	return t.w.Name
}

// savedSession is the snapshot a replay shows.
type savedSession struct {
	name  string // the file it was read from
	about string // where it came from, for the status line
	runs  map[string]savedTab
}

// savedTab is what a saved run's tab needs beyond its Updates.
type savedTab struct {
	tails     string // snapshot.TailsPerOp, …; "" when live
	instances int    // of a merged snapshot; 0 otherwise
	// pctUnknown: its per-second percentiles are not known (merged).
	pctUnknown bool
}

// savedTab is the shown tab's, the zero value when live.
func (m *Model) savedTab() savedTab {
	if m.saved == nil {
		return savedTab{}
	}
	return m.saved.runs[m.current]
}

// runKey is the key of the tab of the saved run with RunID id.
func runKey(id int) string { return "run " + strconv.Itoa(id) }

// View shows the saved snapshot s, read from name ("-" for stdin), in the
// dashboard until the user quits or ctx ends: each of its runs a tab
// (workload, parameters, implementations) with its charts, table and
// histogram, and no engine. The keys that change only what is shown work;
// commands are refused, politely. known are the workloads of this mcptop,
// for the units of parameters; a workload it does not know shows as saved.
func View(ctx context.Context, s *snapshot.Snapshot, name string, known []workload.Workload, opts Options) error {
	_, err := view(ctx, s, name, known, opts)
	return err
}

// view is View returning the final model, with the program options tests
// need.
func view(ctx context.Context, s *snapshot.Snapshot, name string, known []workload.Workload, opts Options, popts ...tea.ProgramOption) (Model, error) {
	if err := themes.Check(opts.Theme); err != nil {
		return Model{}, fmt.Errorf("--theme: %w", err)
	}
	m, c := newSaved(s, name, known, opts)
	defer close(c.out)
	return runModel(ctx, m, popts...)
}

// newSaved is the dashboard of snapshot s, each run replayed into its
// tab's history, and the controller that answers its commands.
func newSaved(s *snapshot.Snapshot, name string, known []workload.Workload, opts Options) (Model, *savedController) {
	ss := &savedSession{name: name, about: about(s, name), runs: map[string]savedTab{}}
	c := &savedController{snap: s, finals: map[string]engine.Update{}, out: make(chan engine.Update, 16)}
	tabs := make([]tab, len(s.Runs))
	hists := map[string]*history{}
	for i := range s.Runs {
		r := &s.Runs[i]
		tabs[i] = savedTabOf(r, i+1, known)
		h := replayRun(s, r, i+1)
		hists[tabs[i].key], c.finals[tabs[i].key] = h, h.last
		st := savedTab{tails: r.Tails, instances: len(s.Instances)}
		for _, vr := range r.Variants {
			for _, p := range vr.Series {
				st.pctUnknown = st.pctUnknown || p.PercentilesUnknown
			}
		}
		ss.runs[tabs[i].key] = st
	}
	m := newModel(c, tabs, opts).withUpdates(c.out)
	m.saved, m.hist = ss, hists
	m.window = len(windows) - 1 // a saved run is seen whole first
	if len(tabs) > 0 {
		c.current = tabs[0].key
		u := hists[tabs[0].key].last
		m.state, m.stateKnown = u.State, true
	}
	m.keys.SetSaved()
	m.rebuild()
	return m, c
}

// savedTabOf is the tab of run r (RunID id): named by its workload,
// parameters and implementations, described with the workload this mcptop
// knows by that name (its parameters' units, its implementations), else
// with what the snapshot says.
func savedTabOf(r *snapshot.Run, id int, known []workload.Workload) tab {
	w := workload.Workload{Name: r.Workload, Description: r.Description}
	for _, k := range known {
		if k.Name == r.Workload {
			w.Params, w.Impls = k.Params, k.Impls
		}
	}
	params := workload.Params(r.Params)
	if len(w.Params) != len(params) || !allNamed(w.Params, params) {
		w.Params = nil
		for _, name := range slices.Sorted(maps.Keys(params)) {
			w.Params = append(w.Params, workload.Param{Name: name, Default: params[name]})
		}
	}
	var impls [2]string
	for v := range min(2, len(r.Variants)) {
		impls[v] = r.Variants[v].Impl
		if _, ok := w.Impl(impls[v]); !ok {
			w.Impls = append(w.Impls, workload.Impl{Name: impls[v], Label: r.Variants[v].Label})
		}
	}
	w.Pair = impls
	return tab{key: runKey(id), label: runName(r.Workload, params, impls), brief: r.Workload + " " + impls[1], w: w}
}

// runName names a run by what it measured: "registry prefill=10000
// owner/sharded".
func runName(wl string, params workload.Params, impls [2]string) string {
	s := wl
	if p := params.Join(" "); p != "" {
		s += " " + p
	}
	return s + " " + impls[0] + "/" + impls[1]
}

// allNamed reports whether every parameter of ps is named in params.
func allNamed(ps []workload.Param, params workload.Params) bool {
	for _, p := range ps {
		if _, ok := params[p.Name]; !ok {
			return false
		}
	}
	return true
}

// about says where a saved session came from: "run.json: 3 runs, written
// 2026-01-02T15:04:05Z by mcptop devel".
func about(s *snapshot.Snapshot, name string) string {
	runs := "1 run"
	if len(s.Runs) != 1 {
		runs = strconv.Itoa(len(s.Runs)) + " runs"
	}
	if len(s.Instances) > 0 {
		runs += " merged from " + strconv.Itoa(len(s.Instances)) + " instances"
	}
	tool := strings.TrimSpace(s.Tool.Name + " " + s.Tool.Version)
	return fmt.Sprintf("%s: %s, written %s by %s", name, runs, s.CreatedAt, tool)
}

// errSaved is why a saved run refuses a command.
var errSaved = errors.New("a saved run")

// savedController answers a replay's commands as the engine would, in an
// Update whose Seq is the command's: a switch of tab is taken, every other
// command refused ("a saved run: nothing to pause"). Its methods are called
// from the UI's Update and never block: an answer the UI has not read yet
// past the channel's room is dropped.
type savedController struct {
	snap    *snapshot.Snapshot
	finals  map[string]engine.Update // each tab's newest Update, by key
	current string                   // the tab shown
	seq     uint64
	out     chan engine.Update
}

var _ Controller = (*savedController)(nil)

// answer sends the shown tab's newest Update, as a command's answer.
func (c *savedController) answer(rejected error) uint64 {
	c.seq++
	u := c.finals[c.current]
	u.Tick, u.Seq, u.Notice, u.Rejected = false, c.seq, "", rejected
	select {
	case c.out <- u:
	default:
	}
	return c.seq
}

func (c *savedController) refuse(why string) uint64 {
	return c.answer(fmt.Errorf("%w: %s", errSaved, why))
}

// Pause is refused: nothing runs.
func (c *savedController) Pause() uint64 { return c.refuse("nothing to pause") }

// Resume is refused: nothing runs.
func (c *savedController) Resume() uint64 { return c.refuse("nothing to resume") }

// Reset is refused: a record is not started afresh.
func (c *savedController) Reset() uint64 { return c.refuse("nothing to reset") }

// Switch shows the tab of key name.
func (c *savedController) Switch(name string) uint64 {
	c.current = name
	return c.answer(nil)
}

// StepParam is refused: the run was measured with its parameters.
func (c *savedController) StepParam(name string, _ int) uint64 {
	return c.refuse(units.SafeLine(name) + " is what it was measured with")
}

// ToggleMode is refused likewise.
func (c *savedController) ToggleMode() uint64 {
	return c.refuse("its mode is what it was measured with")
}

// StepImpl is refused likewise.
func (c *savedController) StepImpl(workload.Variant, int) uint64 {
	return c.refuse("its implementations are what it measured")
}

// Snapshot is the snapshot shown.
func (c *savedController) Snapshot() *snapshot.Snapshot { return c.snap }
