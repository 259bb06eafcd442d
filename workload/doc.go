// Package workload is the contract between the workloads mcptop measures and
// the engine that runs them.
//
// A Workload names a job, lists the parameters a user may change and the
// implementations that can do it (Impl), and names the pair a run compares
// unless told otherwise: side A, the reference, and side B, the candidate.
// The engine builds one Instance per side for a run, with the side's
// implementation. An Instance hands
// each engine worker its own Worker. The engine times a Worker's Op with the
// monotonic clock on the goroutine that ran it; a worker that keeps several
// operations in flight (a pipelined client, say) implements Pipeline instead
// and reports each operation's latency itself, through a Recorder.
//
// A pipeline keeps its operations in flight one of two ways: closed loop,
// a fixed number in flight, each reissued as one completes (Loop keeps its
// books), or open loop, sent on a Timetable whatever the server does and
// timed from the moment each was meant to be sent, so that a stalled
// server cannot hide behind a stalled generator (OpenLoop keeps its books;
// a Waker wakes it on time). The load parameters (rate, arrivals,
// max-inflight; LoadParams, LoadOf) say which. An instance whose
// operations are of several kinds, a mix of calls, names them (Kinded) and
// reports each operation's kind.
//
// This package imports nothing of mcptop: the workload packages (registry,
// correlation, codec, percentile) and the engine both depend on it, and it on
// neither, which is what keeps percentile's own workload free of an import
// cycle with the engine that uses its histogram.
package workload
