// Package tui is mcptop's live dashboard: a Bubble Tea program that shows
// the two implementations a workload's run compares side by side — side A
// (the reference) and side B (the candidate), each called by its
// implementation's name: throughput and latency charts, a latency
// histogram, a stats table with the ratio and its 95 % interval — and sends
// the user's commands to the engine (a and b step a side to the next
// implementation, A and B to the previous one).
//
// # Data flow
//
// The engine's Updates arrive on a channel; a command receives one, Update
// handles it and re-issues the command (the glow pattern), so the engine is
// never blocked by rendering — it drops and counts updates the UI is too
// slow for. Commands go the other way through the small Controller
// interface, which *engine.Runner satisfies and tests fake. Update is the
// only owner of the model's state; nothing here shares memory with a worker.
//
// # Rendering
//
// Each workload's history lives in our own bounded series (history.go): the
// last five minutes per second, and the whole run in at most 1024 points,
// neighbours merged as it grows. ntcharts keeps every point it is given and
// rescales them all on each push past the edge, so the charts are rebuilt
// from the visible window only when data, size or options change, drawn
// with DrawBrailleAll, rendered by our own run-length renderer (ntcharts'
// View styles every cell separately) and cached. View returns the frame
// composed at the last change; the program's frame rate is capped. With the
// engine paused nothing arrives and nothing is redrawn.
//
// A frame is made in one of two ways. rebuild, for a new second of the
// shown workload, another workload, chart view, span or theme, redraws the
// charts and composes the frame; relayout, for a resize, the help, a status
// message, the run state or an Update without a new second, recomputes the
// layout and composes the frame, redrawing a chart only when its panel
// changed size.
//
// # Replay and ghosts
//
// The dashboard does not need the engine, only its Updates. View shows a
// saved snapshot: each run becomes a tab (workload, parameters,
// implementations), replayed into its history as the Updates the engine
// would have sent (saved.go: Samples from the series, the last also
// carrying the summaries, comparison, histograms and calibration), so the
// charts, table and histogram are the live ones, bounded and cached alike.
// A savedController answers commands as the engine does, in an Update of
// the command's Seq: switching runs is taken, anything else refused in
// the status line ("a saved run: nothing to pause"). A merged snapshot's
// seconds have no percentiles: their points hold NaN, which the charts
// leave out, and the latency chart says why. With Options.Against, the run
// of a saved session that measured what the live run measures (workload,
// parameters, implementations) is replayed once into a history of its
// own and drawn faint behind the live lines, lined up by second, with
// live ÷ saved throughput as a table row; a live run with no such saved
// run is said so in the status line, once.
//
// Colours come only from themes.Styles. Numbers are printed by the units
// package, as in reports and headless output (812ns, 4.12µs, 1.24M/s), and
// the throughput verdict is units.Judge's.
//
// # Files
//
//   - model.go: the root Model, its Options and Update; input.go: the key
//     handling (handleKey for commands to the engine, viewKey for what is
//     shown).
//   - keys.go: the KeyMap; ShortHelp and FullHelp are built from the
//     bindings that act.
//   - messages.go: every message the dashboard sends itself.
//   - view.go: the layout, rebuild and relayout, and the composed frame:
//     tabs, run state, description, parameters and status lines.
//   - table.go: the stats table as data, statsRows (figures, verdicts, a
//     tone per comparison), then renderStats (layout for a width).
//   - chart.go: the throughput and latency charts (ntcharts) with our own
//     axis labels; histogram.go: the latency histogram panel and its
//     percentile markers; render.go: the run-length canvas renderer and
//     padding helpers; history.go: the bounded per-workload series.
//   - run.go: Run, the program on the alternate screen.
//   - replay.go: View, tabs of saved runs and the savedController;
//     saved.go: a saved run as Updates; against.go: ghosts (--against) and
//     what the shown tab adds to the table.
//   - openloop.go: what an open loop, a mix and a capacity search add (the
//     service-time toggle, the rate keys, the load model in the run state);
//     methods.go: a mix's methods panel; knee.go: the capacity search's
//     knee chart.
//
// This package may import the engine's exported types, snapshot (to write an
// export), workload (descriptions), percentile (the histogram's buckets),
// themes, units, Bubble Tea, bubbles, lipgloss, x/ansi and ntcharts. It
// never imports a workload's implementation, and it never prints to stdout
// or calls log.Fatal: Run returns errors.
package tui
