// Package engine runs two implementations of a workload side by side (side
// A, the reference, and side B, the candidate: the workload's default pair
// unless Config.Impls or SetImpl says otherwise) and turns what they did
// into per-second samples.
//
// A Runner owns the schedule: W worker goroutines per variant, which in the
// default alternate mode take turns in short slices (100 ms) so that drift in
// machine speed hits both variants alike, and in parallel mode run at once.
// Workers time operations on their own goroutine with the monotonic clock and
// record into a histogram they own; when a slice ends the scheduler folds
// those histograms and counters into the current second. Once a second it
// emits an Update by value on a receive-only channel; a slow reader never
// blocks the workers (the oldest pending update is dropped and counted).
//
// Every op is counted, and a random sample of them is timed one by one
// (one op in every, a power of two chosen per run for both variants) so
// that the clock reads stay under 5 % of what is measured; latencies are
// always those of single ops, never batch means. The Update and the
// snapshot say how ops were timed.
//
// A run whose parameters ask for an open loop (workload.LoadOf) counts
// every op as steady, those completing after its pipelines drained too (an
// open loop's requests were all sent on its timetable in the turn), keeps
// their service times in a histogram beside the latencies from the
// intended send, adds up what the timetables report (sends, missed and
// capped sends, the lag behind schedule), and tells each pipeline when its
// turn is planned to end (workload.Turn), so that a turn's sends are
// exactly its timetable's. An instance that names its kinds of op
// (workload.Kinded) gets counts and a histogram per kind, which add up to
// the totals. Config.Capacity runs a capacity search (capacity.go): each
// step a run at one rate, judged against the SLO after its seconds.
//
// Summaries (run.go, stats.go) take the seconds after warm-up in which a
// variant ran, in time order: the median throughput and the median
// optimised/baseline ratio get the stats package's interval, whose ranks
// allow for the seconds' autocorrelation and which reaches 95 % only from
// six independent seconds' worth (Summary.OpsEnough, Comparison.Enough;
// below, the verdict is "not enough data yet"). A variant whose error rate
// after warm-up exceeds Config.MaxErrors makes the comparison "not
// comparable" (units.Judge).
//
// The engine keeps every run of the session (bounded) and builds a snapshot
// of it on request. It imports the workload contract, percentile (for its
// histogram, never its workload), stats (every interval), units, capacity
// (the search it runs when Config.Capacity asks) and snapshot; never a
// workload package or the UI.
package engine
