package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/units"
	"github.com/mcptop/mcptop/workload"
)

// loadModel says how a run drives its load: "closed loop" or "open loop:
// 2.00k/s per variant, constant arrivals, ≤ 1024 in flight".
func loadModel(l workload.Load) string {
	if !l.Open() {
		return "closed loop"
	}
	return fmt.Sprintf("open loop: %s per variant, %s arrivals, ≤ %d in flight", units.PerSec(float64(l.Rate)), l.Arrivals(), l.MaxInflight)
}

// openTick is what an open loop adds to a second's line: the rate
// achieved, and the sends that were late or missed, when there were.
func openTick(u engine.Update, s engine.Sample) string {
	if !u.Load.Open() || !s.Ran {
		return ""
	}
	out := "  sent " + units.PerSec(s.SentPerSec)
	return out + schedule(s.OpenLoop)
}

// schedule says what went wrong with a timetable, if anything: sends
// missed, capped (late for max-inflight) and the largest lag.
func schedule(o engine.OpenLoop) string {
	var out string
	if o.Missed > 0 {
		out += "  MISSED " + units.Count(o.Missed)
	}
	if o.Capped > 0 {
		out += "  capped " + units.Count(o.Capped)
	}
	if o.Behind >= workload.BehindWarn {
		out += "  behind " + units.Duration(o.Behind)
	}
	return out
}

// printOpen prints what an open loop adds to a variant's summary: the
// service times beside the intended-time latencies, and the timetable.
func printOpen(w io.Writer, u engine.Update, s engine.Summary, indent int) {
	if !u.Load.Open() {
		return
	}
	lat := latencies(s.Ops, s.SvcP50, s.SvcP99, s.SvcP999, s.SvcMax)
	fmt.Fprintf(w, "  %-*s service p50 %s  p99 %s  p99.9 %s  max %s (from the actual send; latency above is from the intended send)\n",
		indent, "", lat[0], lat[1], lat[2], lat[3])
	fmt.Fprintf(w, "  %-*s sent %s of %s intended; %s missed, %s capped, at most %s behind schedule\n", indent, "",
		units.PerSec(s.SentPerSec), units.PerSec(float64(u.Load.Rate)), units.Count(s.Missed), units.Count(s.Capped),
		units.Duration(s.Behind))
}

// printMethods prints a mix's methods, per variant: each one's part of the
// ops (adding up to the variant's), its throughput over the variant's
// active time, errors and latencies.
func printMethods(w io.Writer, u engine.Update) {
	if len(u.Summary[0].Methods) == 0 {
		return
	}
	width := len("method")
	for _, m := range u.Summary[0].Methods {
		width = max(width, len(units.SafeLine(m.Name)))
	}
	fmt.Fprintf(w, "  by method (ops/s over the variant's active time; the methods add up to the total):\n")
	fmt.Fprintf(w, "    %-2s %-*s %10s %10s %8s %9s %9s %9s\n", "", width, "method", "ops", "ops/s", "errors", "p50", "p99", "max")
	for v, s := range u.Summary {
		var total engine.MethodSummary
		for _, m := range s.Methods {
			printMethod(w, workload.Variants[v].Letter(), width, m)
			total.Ops, total.Errors, total.OpsPerSec = total.Ops+m.Ops, total.Errors+m.Errors, total.OpsPerSec+m.OpsPerSec
		}
		fmt.Fprintf(w, "    %-2s %-*s %10s %10s %8s\n", workload.Variants[v].Letter(), width, "total",
			units.Count(total.Ops), units.SI(total.OpsPerSec), units.Count(total.Errors))
	}
}

func printMethod(w io.Writer, side string, width int, m engine.MethodSummary) {
	lat := latencies(m.Ops, m.P50, m.P99, m.Max)
	fmt.Fprintf(w, "    %-2s %-*s %10s %10s %8s %9s %9s %9s\n", side, width, units.SafeLine(m.Name),
		units.Count(m.Ops), units.SI(m.OpsPerSec), units.Count(m.Errors), lat[0], lat[1], lat[2])
}

// capacityPrinter prints a capacity search's steps as they complete, and
// its result once done.
type capacityPrinter struct {
	w       io.Writer
	printed int
}

// update prints what is new in c, and reports whether the search is done.
func (p *capacityPrinter) update(c *engine.CapacityState, impls [2]string) bool {
	if c == nil {
		return false
	}
	for ; p.printed < len(c.Steps); p.printed++ {
		st := c.Steps[p.printed]
		var sides []string
		for v, sd := range st.Sides {
			what := "met"
			if !sd.Met {
				what = "FAILED: " + sd.Why
			}
			sides = append(sides, fmt.Sprintf("%s %s p50 %s p99 %s, %s achieved, %s",
				workload.Variants[v].Letter(), units.SafeLine(impls[v]), units.Duration(sd.P50), units.Duration(sd.P99),
				units.PerSec(sd.Achieved), what))
		}
		fmt.Fprintf(p.w, "capacity step %d at %s: %s\n", p.printed+1, units.PerSec(float64(st.Rate)), strings.Join(sides, "; "))
	}
	if !c.Done {
		return false
	}
	fmt.Fprintf(p.w, "\ncapacity under %s (%d s per step after warm-up, %d steps", c.SLO, c.StepTicks, len(c.Steps))
	if c.Stopped != "" {
		fmt.Fprintf(p.w, "; %s", c.Stopped)
	}
	fmt.Fprintln(p.w, "):")
	for v := range 2 {
		fmt.Fprintf(p.w, "  %s %s: %s\n", workload.Variants[v].Letter(), units.SafeLine(impls[v]), c.Verdict(v))
	}
	return true
}
