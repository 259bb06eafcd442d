// Package metrics serves what the engine measured to Prometheus, so that
// fleets of headless runs land in one place.
//
// An Exporter is fed from the engine's per-second fold (engine.Config.OnTick),
// never from a worker's op loop. It keeps cumulative per workload and variant
// counters of ops and errors and a histogram of op latency in seconds, built
// by moving each bucket of the engine's log-linear histogram into the
// Prometheus bucket that holds its midpoint: classic 1-2.5-5 buckets and,
// in the same metric, a native histogram (NativeSchema, 128 buckets per
// power of two). Native histograms are exposed only in the protobuf format;
// summed over a fleet they keep histogram_quantile within about 1 % of the
// ops' quantile, which the classic buckets cannot. The counters only ever
// grow: pausing, resetting or switching workloads clears the dashboard, not
// these series.
//
// Labels are workload, variant (baseline for side A, optimised for side
// B), impl (the implementation, or server-a/server-b for a target) and one
// label per workload parameter (empty where a workload lacks it), so every
// series of a family has the same label names and the label values stay
// bounded; every series also carries
// mcptop_instance (InstanceLabel, --instance), so a fleet's series can be
// told apart and summed.
//
// This package imports the engine's types, the workload contract and
// Prometheus' client (client_golang, and client_model for the classic
// buckets written beside the native ones); never the UI.
package metrics
