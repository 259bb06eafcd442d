package main

import (
	"fmt"
	"io"
	"time"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/units"
	"github.com/mcptop/mcptop/workload"
)

// printTick prints one line per variant for a closed second.
func printTick(w io.Writer, u engine.Update) {
	for v, s := range u.Samples {
		mark := ""
		switch {
		case !s.Ran:
			mark = "  (no turn this second)"
		case s.Warmup:
			mark = "  (warm-up)"
		}
		extra := ""
		if s.BytesPerS > 0 {
			extra = "  " + units.BytesRate(s.BytesPerS)
		}
		if s.Errors > 0 {
			extra += fmt.Sprintf("  errors %d (%s)", s.Errors, units.SafeLine(s.LastError))
		}
		extra += openTick(u, s)
		lat := latencies(s.Ops, s.P50, s.P95, s.P99, s.Max)
		fmt.Fprintf(w, "%4ds %-11s %s %-*s %10s ops/s  p50 %7s  p95 %7s  p99 %7s  max %7s  %11s  cpu %s%s%s\n",
			s.Tick, units.SafeLine(u.Workload), workload.Variants[v].Letter(), implWidth(u), units.SafeLine(u.Impls[v]),
			units.SI(s.OpsPerSec),
			lat[0], lat[1], lat[2], lat[3], units.BytesPerOp(s.AllocPerOp), units.Short(s.CPUPercent)+" %", extra, mark)
	}
}

// longerRun says how much longer a run with no summary should be: past
// --warmup, or, when a pipeline's slices were lengthened, by several of
// its "seconds", each the whole turns that make up at least 1 s.
func longerRun(u engine.Update) string {
	if u.SliceNote == "" {
		return "run with a --duration longer than --warmup"
	}
	round := u.Slice // a second closes after a whole number of rounds, at least 1 s of them
	if u.Mode == engine.Alternate {
		round *= 2
	}
	if round > 0 {
		round *= (time.Second + round - 1) / round
	}
	return fmt.Sprintf("%s, so one second of the summary is %v of turns: run with a --duration of --warmup plus several of those", units.SafeLine(u.SliceNote), round)
}

// printSummary prints the run's summary after warm-up: per variant its
// throughput, errors, latencies (saying what sample they are of), and what
// it cost; then how the run was measured, the comparison, and, for a run of
// known cost, how close each figure came to the truth.
func printSummary(w io.Writer, u engine.Update) {
	if u.Summary[0].Ticks == 0 {
		fmt.Fprintf(w, "\nno summary of %s: every second measured was warm-up; %s\n", units.SafeLine(u.Workload), longerRun(u))
		return
	}
	labels := [2]string{units.SafeLine(u.Labels[0]), units.SafeLine(u.Labels[1])}
	fmt.Fprintf(w, "\nsummary of %s (%s; %s mode; %s), after warm-up:\n", units.SafeLine(u.Workload), units.SafeLine(u.Params.String()), u.Mode, loadModel(u.Load))
	width := max(len(labels[0]), len(labels[1]))
	indent := 2 + implWidth(u) // the letter, a space and the implementation's name
	for v, s := range u.Summary {
		ci := "[too few seconds for an interval]"
		if s.OpsEnough {
			ci = "[" + units.SI(s.OpsLo) + "–" + units.SI(s.OpsHi) + "]"
		}
		if s.BytesPerS > 0 {
			ci += "  " + units.BytesRate(s.BytesPerS)
		}
		fmt.Fprintf(w, "  %s %-*s %-*s %10s ops/s %s  %d errors (%s of ops)%s\n",
			workload.Variants[v].Letter(), implWidth(u), units.SafeLine(u.Impls[v]), width, labels[v],
			units.SI(s.OpsPerSec), ci, s.Errors, units.Percent(s.ErrorRate), timeouts(s))
		lat := latencies(s.Ops, s.P50, s.P99, s.P999, s.Max)
		fmt.Fprintf(w, "  %-*s latency p50 %s  p99 %s  p99.9 %s  max %s (%s)\n", indent, "",
			lat[0], lat[1], lat[2], lat[3], sampleOf(u, s))
		printOpen(w, u, s, indent)
		fmt.Fprintf(w, "  %-*s alloc %s  %s allocs/op  cpu %s/op (%s of a core)%s\n", indent, "",
			units.BytesPerOp(s.AllocPerOp), units.Num(s.AllocsPerOp), units.Duration(s.CPUPerOp),
			units.Short(s.CPUPercent)+" %", server(s))
	}
	printMethods(w, u)
	fmt.Fprintf(w, "  measured: ops timed %s; timing took %s of the active time", units.SafeLine(u.Timing), units.Percent(u.ObserverShare))
	if fd := max(u.Summary[0].FillDrainShare, u.Summary[1].FillDrainShare); fd > 0 {
		fmt.Fprintf(w, "; filling and draining %s of the running time (kept out)", units.Percent(fd))
	}
	if u.SliceNote != "" {
		fmt.Fprintf(w, "; %s", units.SafeLine(u.SliceNote))
	}
	if u.Mode == engine.Parallel {
		fmt.Fprint(w, "; alloc and cpu are both variants' together in parallel mode")
	}
	fmt.Fprintln(w)
	c := u.Compare
	names := [2]string{units.SafeLine(u.Impls[0]), units.SafeLine(u.Impls[1])}
	switch v := c.Judge(); v.Kind {
	case units.NotComparable, units.NotEnoughData:
		fmt.Fprintf(w, "  %s/%s throughput: %s\n", names[1], names[0], v.Said(names))
	default:
		fmt.Fprintf(w, "  %s/%s throughput: %s (%s CI %s×, %d paired seconds, worth %s independent): %s\n",
			names[1], names[0], units.Ratio(c.Ratio), units.Percent(c.Coverage), units.Interval(c.Lo, c.Hi), c.Pairs,
			units.Num(c.EffPairs), v.Said(names))
	}
	printChecks(w, u.Checks, u.Impls)
}

// latencies prints ds, the latencies of ops successful ops; without any,
// there is no latency to print, and "0" would read like one.
func latencies(ops int64, ds ...time.Duration) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = units.Dash
		if ops > 0 {
			out[i] = units.Duration(d)
		}
	}
	return out
}

// sampleOf says what the latencies are of: every op, or a sample.
func sampleOf(u engine.Update, s engine.Summary) string {
	if u.TimedEvery <= 1 {
		return units.Count(s.Timed) + " ops, each timed"
	}
	return "a random sample of " + units.Count(s.Timed) + " ops, 1 in " + units.Compact(u.TimedEvery) + "; max is the sample's"
}

func timeouts(s engine.Summary) string {
	if s.Timeouts == 0 {
		return ""
	}
	return fmt.Sprintf(", %d timed out", s.Timeouts)
}

func server(s engine.Summary) string {
	if !s.ServerKnown {
		return ""
	}
	return fmt.Sprintf("  server cpu %s per 1k ops, rss %s", units.Duration(s.ServerCPUPer1k), units.Bytes(float64(s.ServerRSS)))
}

// implWidth is the width of the longer of the two implementations' names.
func implWidth(u engine.Update) int { return max(len(u.Impls[0]), len(u.Impls[1])) }

// printChecks prints a calibration run's figures against their truth.
func printChecks(w io.Writer, cs []engine.Check, impls [2]string) {
	if len(cs) == 0 {
		return
	}
	fmt.Fprintln(w, "  calibration: measured against the truth of this workload on this machine")
	for _, c := range cs {
		who := "both      "
		if c.Variant >= 0 {
			who = fmt.Sprintf("%-10s", workload.Variants[c.Variant].Letter()+" "+units.SafeLine(impls[c.Variant]))
		}
		verdict := "ok"
		if !c.OK {
			verdict = "OFF"
		}
		fmt.Fprintf(w, "    %s %-7s %10s  truth %10s  (%s)  %s\n", who, c.Metric, units.Quantity(c.Got, c.Unit), units.Quantity(c.Want, c.Unit), c.Bound, verdict)
	}
}
