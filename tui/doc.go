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
// Colours come only from themes.Styles. Numbers are printed by the units
// package, as in reports and headless output (812ns, 4.12µs, 1.24M/s), and
// the throughput verdict is units.Judge's.
//
// # Files
//
//   - model.go: the root Model, its Options, Update and the key handling
//     (handleKey for commands to the engine, viewKey for what is shown).
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
