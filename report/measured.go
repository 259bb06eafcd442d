package report

import (
	"fmt"
	"strings"

	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/units"
)

// latencyFact says what a run's latency figures are of: every op, each
// timed on its own; a stated random sample of ops; or (v1) batch means,
// which are no op's latency.
func latencyFact(r *snapshot.Run) string {
	switch r.Tails {
	case snapshot.TailsBatchMean:
		return fmt.Sprintf("batch means of %d ops (a v1 snapshot): each a batch's mean time, recorded %d times — "+
			"p95 and p99 are raised and p99.9 and max lowered by up to %d×; none is an op's latency",
			r.BatchOps, r.BatchOps, r.BatchOps)
	case snapshot.TailsPerOpSampled:
		return fmt.Sprintf("of a random sample of ops, 1 in %d, each timed on its own; max is the sample's", r.TimedEvery)
	}
	return "of every op, each timed on its own"
}

// measuredFact says how the run was measured, where a v2 snapshot says:
// the clock's share of the time, filling and draining kept out, a
// lengthened slice, a collection between slices.
func measuredFact(r *snapshot.Run, v1 bool) (string, bool) {
	if v1 {
		return "", false
	}
	parts := []string{"timing took " + units.Percent(r.ObserverShare) + " of the active time"}
	fd := max(r.Variants[0].Summary.FillDrainShare, r.Variants[1].Summary.FillDrainShare)
	if fd > 0 {
		parts = append(parts, "filling and draining the pipelines took "+units.Percent(fd)+
			" of the running time, kept out of throughput and latency")
	}
	if r.SliceNote != "" {
		parts = append(parts, r.SliceNote)
	}
	if r.GCBetween {
		parts = append(parts, "a garbage collection ran before every slice")
	}
	return strings.Join(parts, "; "), true
}

// costRows adds the per-op costs a v2 snapshot holds: objects allocated,
// CPU per op and CPU use, and the server's, where it was measured.
func costRows(t *table, r *snapshot.Run, measured func(string, func(*snapshot.Summary) string)) {
	both := ""
	if !r.AllocAttributable {
		both = " (both variants combined)"
	}
	measured("allocs"+both, func(s *snapshot.Summary) string { return units.Num(s.AllocsPerOp) + " /op" })
	measured("cpu"+both, func(s *snapshot.Summary) string { return units.Micros(s.CPUUsPerOp) + "/op" })
	measured("cpu use"+both, func(s *snapshot.Summary) string { return units.Short(s.CPUPercent) + " % of a core" })
	if r.Variants[0].Summary.ServerKnown || r.Variants[1].Summary.ServerKnown {
		server := func(label string, f func(s *snapshot.Summary) string) {
			measured(label, func(s *snapshot.Summary) string {
				if !s.ServerKnown {
					return "—"
				}
				return f(s)
			})
		}
		server("server CPU per 1k ops", func(s *snapshot.Summary) string { return units.Nanos(s.ServerCPUMsPer1k * 1e6) })
		server("server RSS, largest", func(s *snapshot.Summary) string { return units.Bytes(float64(s.ServerRSSBytes)) })
	}
}

// calibrationTable holds a calibration run's figures against their truth;
// nil for other runs.
func calibrationTable(r *snapshot.Run) *table {
	if len(r.Calibration) == 0 {
		return nil
	}
	t := &table{head: []string{"calibration", "measured", "truth", "close enough", ""}, right: []bool{false, true, true, false, false}}
	for _, c := range r.Calibration {
		who := "ratio"
		if c.Variant >= 0 && c.Variant < len(r.Variants) {
			who = r.Variants[c.Variant].Variant + " " + c.Metric
		}
		ok := "ok"
		if !c.OK {
			ok = "OFF"
		}
		t.rows = append(t.rows, []string{who, units.Quantity(c.Got, c.Unit), units.Quantity(c.Want, c.Unit), c.Bound, ok})
	}
	return t
}
