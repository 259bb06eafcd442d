package report

import (
	"fmt"
	"strings"

	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/units"
)

// loadFact says how a run drove its load, when the snapshot says: a
// closed loop's depth, or an open loop's rate, arrivals and cap, and what
// its latencies are measured from.
func loadFact(r *snapshot.Run) ([2]string, bool) {
	switch r.LoadModel {
	case snapshot.LoadOpen:
		each := ""
		if n := instances(r); n > 1 {
			each = fmt.Sprintf(" on each of %d instances (%s in all)", n, units.SI(float64(n*r.RatePerS)))
		}
		return [2]string{"load", fmt.Sprintf("open loop: %s requests/s per variant%s on a timetable, %s arrivals, at most %d in flight; "+
			"latency from each request's intended send time, service time from its actual send",
			units.SI(float64(r.RatePerS)), each, r.Arrivals, r.MaxInflight)}, true
	case snapshot.LoadClosed:
		return [2]string{"load", "closed loop: a fixed number of requests in flight (depth), each reissued as one completes"}, true
	}
	return [2]string{}, false
}

// openRows adds an open loop's rows to a summary table: the rate achieved
// against the intended one, the service times, and the sends that were
// late or never made: measured adds a row of figures, svc one of a latency
// (which only successful ops have).
func openRows(r *snapshot.Run, measured func(string, func(*snapshot.Summary) string),
	svc func(string, func(*snapshot.Summary) float64)) {
	if r.LoadModel != snapshot.LoadOpen {
		return
	}
	// A merged run's instances each sent at the rate: the intended rate is
	// theirs summed, as the achieved one is.
	intended := float64(instances(r) * r.RatePerS)
	measured("sent, rate achieved", func(s *snapshot.Summary) string {
		return units.PerSec(s.AchievedRatePerS) + " of " + units.PerSec(intended)
	})
	svc("service time p50", func(s *snapshot.Summary) float64 { return s.ServiceP50Us })
	svc("service time p99", func(s *snapshot.Summary) float64 { return s.ServiceP99Us })
	svc("service time max", func(s *snapshot.Summary) float64 { return s.ServiceMaxUs })
	measured("sends missed", func(s *snapshot.Summary) string { return units.Count(s.MissedSends) })
	measured("sends capped (late for max_inflight)", func(s *snapshot.Summary) string { return units.Count(s.CappedSends) })
	measured("behind schedule, most", func(s *snapshot.Summary) string { return units.Nanos(s.BehindScheduleS * 1e9) })
}

// methodTable is a mix's methods, side by side: each one's ops (adding up
// to the side's), throughput over the side's active time, errors and
// latencies, and each side's total; nil for a run of one method.
func methodTable(r *snapshot.Run) *table {
	if len(r.Variants[0].Methods) == 0 && len(r.Variants[1].Methods) == 0 {
		return nil
	}
	t := &table{head: []string{"method", "side", "ops", "ops/s", "errors", "p50", "p99", "max"},
		right: []bool{false, false, true, true, true, true, true, true}}
	for v, vr := range r.Variants {
		side := []string{"A", "B"}[v] + " " + vr.Impl
		var ops, errs int64
		var rate float64
		for _, m := range vr.Methods {
			lat := func(us float64) string {
				if m.Ops == 0 {
					return "—"
				}
				return units.Micros(us)
			}
			t.rows = append(t.rows, []string{m.Name, side, units.Count(m.Ops), units.PerSec(m.ThroughputOpsPerS),
				errorCell(m.Errors, m.ErrorRate), lat(m.LatencyP50Us), lat(m.LatencyP99Us), lat(m.LatencyMaxUs)})
			ops, errs, rate = ops+m.Ops, errs+m.Errors, rate+m.ThroughputOpsPerS
		}
		t.rows = append(t.rows, []string{"total", side, units.Count(ops), units.PerSec(rate), units.Count(errs), "", "", ""})
	}
	return t
}

func errorCell(n int64, rate float64) string {
	if n == 0 {
		return "0"
	}
	return units.Count(n) + " (" + units.Percent(rate) + ")"
}

// capacityView is a capacity search as every format shows it: its steps
// side by side and each side's capacity with its evidence.
type capacityView struct {
	title   string
	facts   [][2]string
	steps   table
	results [][2]string
}

func newCapacityView(s *snapshot.Snapshot) *capacityView {
	c := s.Capacity
	if c == nil {
		return nil
	}
	v := &capacityView{title: "Capacity under " + c.SLO}
	state := "done"
	if !c.Done {
		state = "not finished when the snapshot was taken"
	}
	v.facts = [][2]string{
		{"search", fmt.Sprintf("the open-loop rate doubled until a side broke the SLO, then bisected; %d s measured per step after warm-up; %d steps, %s",
			c.StepS, len(c.Steps), state)},
		{"a step met the SLO", "when every latency bound held (from the intended send time), no more ops failed than allowed, and no send was missed"},
	}
	impls := [2]string{"A", "B"}
	for j, r := range c.Results {
		if j < 2 && r.Impl != "" {
			impls[j] += " " + r.Impl
		}
	}
	v.steps = table{head: []string{"step", "rate", impls[0], impls[1]}, right: []bool{true, true, false, false}}
	for i, st := range c.Steps {
		row := []string{fmt.Sprint(i + 1), units.PerSec(float64(st.RatePerS))}
		for _, o := range st.Sides {
			row = append(row, outcome(o))
		}
		v.steps.rows = append(v.steps.rows, row)
	}
	for j, r := range c.Results {
		if j < 2 {
			v.results = append(v.results, [2]string{impls[j] + " capacity", r.Verdict})
		}
	}
	return v
}

// outcome is one side's figures at a step, and whether they met the SLO.
func outcome(o snapshot.StepOutcome) string {
	s := fmt.Sprintf("p50 %s p99 %s, %s", units.Micros(o.LatencyP50Us), units.Micros(o.LatencyP99Us), units.PerSec(o.AchievedRatePerS))
	if o.Met {
		return s + ": met"
	}
	return s + ": failed, " + o.Reason
}

// text writes the capacity search as text (or, md, as Markdown).
func (v *capacityView) text(b *strings.Builder, md bool) {
	if md {
		b.WriteString("\n## " + mdEscape(v.title) + "\n\n")
		for _, f := range append(v.facts, v.results...) {
			b.WriteString("- **" + mdEscape(f[0]) + "**: " + mdEscape(f[1]) + "\n")
		}
		b.WriteByte('\n')
		v.steps.markdown(b)
		return
	}
	b.WriteString("\n" + v.title + "\n" + strings.Repeat("=", len([]rune(v.title))) + "\n")
	facts(b, "", v.facts)
	b.WriteByte('\n')
	v.steps.text(b, "")
	b.WriteByte('\n')
	facts(b, "", v.results)
}

// instances is how many mcptop instances a run comes from: those merged
// into it, or one.
func instances(r *snapshot.Run) int {
	if r.Merged != nil && len(r.Merged.StartedAt) > 1 {
		return len(r.Merged.StartedAt)
	}
	return 1
}
