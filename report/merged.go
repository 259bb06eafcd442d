package report

import (
	"fmt"

	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/units"
)

// maxInstancesListed bounds the instances a report lists one by one.
const maxInstancesListed = 8

// fleetHeader adapts the header to who wrote the snapshot: one named
// instance says its name; a merged snapshot says it is a fleet, lists its
// instances' machines and says whose observer cost is shown.
func fleetHeader(s *snapshot.Snapshot, header [][2]string) [][2]string {
	if !s.IsMerged() {
		if s.Instance != "" {
			header = append(header, [2]string{"instance", s.Instance})
		}
		return header
	}
	var out [][2]string
	for _, h := range header {
		switch h[0] {
		case "machine":
			out = append(out, [2]string{"fleet", fmt.Sprintf("merged from %d instances; GOMAXPROCS %d and %d CPUs in all",
				len(s.Instances), s.Env.GOMAXPROCS, s.Env.NumCPU)})
			for i, in := range s.Instances {
				if i == maxInstancesListed {
					out = append(out, [2]string{"…", fmt.Sprintf("and %d more (--format json lists them)", len(s.Instances)-i)})
					break
				}
				out = append(out, [2]string{"instance " + in.Name, machine(in.Env)})
			}
		case "observer cost":
			out = append(out, [2]string{h[0], h[1] + "; the largest instance's"})
		default:
			out = append(out, h)
		}
	}
	return out
}

// mergedFacts says how a merged run was made: from how many instances,
// how far apart they started (seconds align on wall-clock time, so only as
// well as the machines' clocks agree), the seconds not all of them are in,
// that the per-second percentiles are not merged, and the merge's notes.
func mergedFacts(r *snapshot.Run) [][2]string {
	m := r.Merged
	if m == nil {
		return nil
	}
	out := [][2]string{
		{"merged", fmt.Sprintf("from %d instances, started %s apart (start spread; seconds are aligned on "+
			"wall-clock time, so only as well as the machines' clocks agree)", len(m.StartedAt), units.Nanos(m.StartSpreadS*1e9))},
		{"partial seconds", fmt.Sprintf("%d, in which not every instance ran: kept out of the throughput median and the ratio",
			m.PartialSeconds)},
		{"per-second latency", "p50/p95/p99 of a second are not merged (quantiles of instances do not add up); " +
			"the summary's come from the instances' histograms added"},
	}
	for _, n := range m.Notes {
		out = append(out, [2]string{"merge note", n})
	}
	return out
}

// percentilesAbsent says why a run has no per-second values of m: a
// merged run's seconds have no p50, p95 or p99.
func percentilesAbsent(r *snapshot.Run, v int, m Metric) string {
	if !m.isLatency() {
		return ""
	}
	for _, p := range r.Variants[v].Series {
		if p.PercentilesUnknown {
			return "per-second percentiles are not kept in a merged snapshot (quantiles of instances do not add up)"
		}
	}
	return ""
}

// machine describes one machine in a line.
func machine(e snapshot.Env) string {
	s := fmt.Sprintf("%s %s/%s · GOMAXPROCS %d · %d CPUs", e.GoVersion, e.OS, e.Arch, e.GOMAXPROCS, e.NumCPU)
	if e.CPUModel != "" {
		s += " · " + e.CPUModel
	}
	if e.Hostname != "" {
		s += " · host " + e.Hostname
	}
	return s
}

// percentileCell is a per-second percentile for csv: empty where it is
// not known.
func percentileCell(p *snapshot.Point, x float64, f func(float64) string) string {
	if p.PercentilesUnknown {
		return ""
	}
	return f(x)
}
