// Package metrics serves what the engine measured to Prometheus, so that
// fleets of headless runs land in one place.
//
// An Exporter is fed from the engine's per-second fold (engine.Config.OnTick),
// never from a worker's op loop. It keeps cumulative per workload and variant
// counters of ops and errors and a classic histogram of op latency in
// seconds, built by moving each bucket of the engine's log-linear histogram
// into the Prometheus bucket that holds its midpoint. The counters only ever
// grow: pausing, resetting or switching workloads clears the dashboard, not
// these series.
//
// Labels are workload, variant and one label per workload parameter (empty
// where a workload lacks it), so every series of a family has the same label
// names and the label values stay bounded.
//
// This package imports the engine's types, the workload contract and
// Prometheus' client; never the UI.
package metrics
