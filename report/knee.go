package report

import (
	"cmp"
	"html"
	"math"
	"slices"
	"strings"

	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/units"
)

// kneeChart draws a capacity search's steps as latency (p50 dashed, p99
// solid) against the rate each side achieved: where the line turns up is
// the knee, and the SLO's p99 bound, when it has one, is a grey line.
func kneeChart(c *snapshot.Capacity) *chart {
	if c == nil || len(c.Steps) == 0 {
		return nil
	}
	hiX, lo, hi := 0.0, math.Inf(1), 0.0
	for _, st := range c.Steps {
		for _, o := range st.Sides {
			hiX = math.Max(hiX, o.AchievedRatePerS)
			if o.LatencyP50Us > 0 {
				lo, hi = math.Min(lo, o.LatencyP50Us), math.Max(hi, o.LatencyP99Us)
			}
		}
	}
	xDiv, xUnit := 1.0, "ops/s"
	if hiX >= 10_000 {
		xDiv, xUnit = 1000, "k ops/s"
	}
	logY := lo > 0 && hi/lo > 30
	div, unit := latencyScale(hi)
	if logY { // a unit for the middle of the range, so that the ticks read as plain numbers
		div, unit = latencyScale(math.Sqrt(lo * hi))
	}
	yTitle := "latency (" + unit + ")"
	if logY {
		yTitle = "latency (" + unit + ", log scale)"
	}
	k := &chart{
		title: "Latency against achieved rate: p50 dashed, p99 solid", xTitle: "achieved rate (" + xUnit + ")",
		yTitle: yTitle, x0: 0, x1: hiX / xDiv, warmup: -1, yLabel: units.Short, logY: logY,
	}
	for v := range 2 {
		for _, q := range []struct {
			name string
			dash bool
			get  func(snapshot.StepOutcome) float64
		}{
			{"p50", true, func(o snapshot.StepOutcome) float64 { return o.LatencyP50Us }},
			{"p99", false, func(o snapshot.StepOutcome) float64 { return o.LatencyP99Us }},
		} {
			name := []string{"A", "B"}[v]
			if v < len(c.Results) && c.Results[v].Impl != "" {
				name += " " + c.Results[v].Impl
			}
			l := line{name: name + " " + q.name, color: variantColour[v], dash: q.dash}
			for _, st := range c.Steps {
				if v < len(st.Sides) && st.Sides[v].AchievedRatePerS > 0 {
					l.pts = append(l.pts, pt{st.Sides[v].AchievedRatePerS / xDiv, q.get(st.Sides[v]) / div})
				}
			}
			slices.SortFunc(l.pts, func(a, b pt) int { return cmp.Compare(a.x, b.x) })
			k.lines = append(k.lines, l)
		}
	}
	return k
}

// capacityHTML writes the capacity search: its knee chart, facts, steps
// and results.
func (v *capacityView) html(b *strings.Builder, c *snapshot.Capacity) {
	b.WriteString("<section>\n<h2>" + html.EscapeString(v.title) + "</h2>\n")
	dl(b, v.facts)
	if k := kneeChart(c); k != nil {
		b.WriteString("<div class=\"charts\">\n")
		k.svg(b)
		b.WriteString("</div>\n")
	}
	v.steps.html(b, "capacity")
	dl(b, v.results)
	b.WriteString("</section>\n")
}
