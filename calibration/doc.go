// Package calibration is the workload a user runs to see whether mcptop's
// numbers can be trusted on this machine: both variants do work of known
// cost, so what the engine reports can be held against what it should
// report.
//
// An op of variant A busy-waits on the monotonic clock for cost
// nanoseconds; variant B does the same for cost/speedup and allocates alloc
// bytes (one heap object). Every stallevery-th op of either variant is
// stalled: it busy-waits stall microseconds instead, and every
// spikeevery-th op spike microseconds. With the defaults (300 ns ops, one
// in 500 stalled 50 µs, one in 100,000 spiking to 2 ms) the truth is p50
// and p99 ≈ the op, p99.9 ≈ 50 µs, max ≈ 2 ms, B twice as fast as A less
// the stalls' share, 64 B and one object per op for B and none for A, and
// CPU per op ≈ the mean op (waiting on the clock is CPU).
//
// Expect states that truth for a set of parameters; the engine's
// calibration check holds each run's summary against it.
//
// This package imports only the workload contract and the standard
// library.
package calibration
