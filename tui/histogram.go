package tui

import (
	"math"
	"strings"
	"time"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/themes"
)

// histLabelWidth is the width of the variant name column left of the bars.
const histLabelWidth = 6

var eighths = []rune(" ▁▂▃▄▅▆▇█")

// histPanel draws the run's merged latency distribution of both variants
// over one log-scaled latency axis, p50/p95/p99 marked under each.
type histPanel struct {
	styles themes.Styles
	w, h   int
	view   string
	cols   [2][]float64 // per-column weight, reused between draws
}

func (hp *histPanel) setSize(w, h int) { hp.w, hp.h = max(w, 1), max(h, 1) }

// rebuild renders dist with the percentiles pcts (p50, p95, p99 by
// variant).
func (hp *histPanel) rebuild(dist [2][]percentile.Bucket, pcts [2][3]time.Duration) {
	st := hp.styles
	var b strings.Builder
	b.WriteString(titleLine(st, "Latency histogram (run, log scale)", legend(st), hp.w))
	rows := hp.h - 1

	lo, hi := int64(math.MaxInt64), int64(0)
	for v := range 2 {
		for _, bk := range dist[v] {
			if bk.Count == 0 {
				continue
			}
			lo = min(lo, max(bk.Lo, 1))
			hi = max(hi, bk.Hi+1)
		}
	}
	gw := hp.w - histLabelWidth - 1
	if hi == 0 || gw < 4 || rows < 5 {
		msg := "no latency distribution yet (it starts after warm-up)"
		if hi != 0 {
			msg = "too small for the histogram"
		}
		lines := make([]string, hp.h)
		lines[0] = b.String()
		for i := 1; i < hp.h; i++ {
			lines[i] = strings.Repeat(" ", hp.w)
		}
		if hp.h > 1 {
			lines[1+(hp.h-1)/2] = padRight(st.Muted.Render("  "+msg), hp.w)
		}
		hp.view = strings.Join(lines, "\n")
		return
	}
	// A little room either side, whole decades when the span is wide.
	l0, l1 := math.Log10(float64(lo)), math.Log10(float64(hi))
	if l1-l0 < 1 {
		mid := (l0 + l1) / 2
		l0, l1 = mid-0.5, mid+0.5
	}
	pad := (l1 - l0) * 0.03
	l0, l1 = l0-pad, l1+pad
	pos := func(ns float64) float64 { return (math.Log10(ns) - l0) / (l1 - l0) * float64(gw) }

	barRows := max(1, (rows-2)/2-1)
	for v := range 2 {
		cols := hp.cols[v]
		if cap(cols) < gw {
			cols = make([]float64, gw)
		}
		cols = cols[:gw]
		clear(cols)
		// Spread each bucket's count over the columns its range covers,
		// in proportion to the log-width of the overlap.
		for _, bk := range dist[v] {
			x0, x1 := pos(float64(max(bk.Lo, 1))), pos(float64(bk.Hi+1))
			if x1-x0 < 1e-9 {
				x1 = x0 + 1e-9
			}
			for c := max(0, int(x0)); c < gw && float64(c) < x1; c++ {
				ov := math.Min(x1, float64(c+1)) - math.Max(x0, float64(c))
				if ov > 0 {
					cols[c] += float64(bk.Count) * ov / (x1 - x0)
				}
			}
		}
		hp.cols[v] = cols
		top := 0.0
		for _, x := range cols {
			top = math.Max(top, x)
		}
		style := st.Baseline
		name := "base"
		if v == 1 {
			style, name = st.Optimised, "opt"
		}
		for r := barRows - 1; r >= 0; r-- {
			b.WriteByte('\n')
			if r == barRows-1 {
				b.WriteString(style.Render(padLeft(name, histLabelWidth-1)) + " ")
			} else {
				b.WriteString(strings.Repeat(" ", histLabelWidth))
			}
			b.WriteString(st.Axis.Render("│"))
			var bar []rune
			for _, x := range cols {
				e := 0
				if top > 0 && x > 0 {
					level := x / top * float64(barRows*8)
					e = int(math.Round(level)) - r*8
					if r == 0 && e < 1 {
						e = 1 // a non-empty column always shows
					}
					e = max(0, min(8, e))
				}
				bar = append(bar, eighths[e])
			}
			b.WriteString(style.Render(string(bar)))
		}
		b.WriteByte('\n')
		b.WriteString(strings.Repeat(" ", histLabelWidth))
		b.WriteString(st.Axis.Render("│"))
		b.WriteString(st.Muted.Render(markers(gw, pcts[v], pos)))
	}
	// Axis and decade labels.
	b.WriteByte('\n')
	b.WriteString(strings.Repeat(" ", histLabelWidth))
	b.WriteString(st.Axis.Render("└" + strings.Repeat("─", gw)))
	b.WriteByte('\n')
	b.WriteString(strings.Repeat(" ", histLabelWidth+1))
	b.WriteString(st.AxisLabel.Render(logTicks(gw, l0, l1)))

	// Pad to the panel size.
	lines := strings.Split(b.String(), "\n")
	for len(lines) < hp.h {
		lines = append(lines, "")
	}
	for i := range lines {
		lines[i] = padRight(lines[i], hp.w)
	}
	hp.view = strings.Join(lines[:hp.h], "\n")
}

// markers puts ▲ under the columns of p50, p95 and p99, each followed by its
// name where it fits before the next marker.
func markers(w int, p [3]time.Duration, pos func(float64) float64) string {
	row := []rune(strings.Repeat(" ", w))
	names := [3]string{"p50", "p95", "p99"}
	var at [3]int
	for i, d := range p {
		at[i] = -1
		if d > 0 {
			at[i] = max(0, min(w-1, int(pos(float64(d)))))
		}
	}
	for i := range 3 {
		if at[i] < 0 {
			continue
		}
		row[at[i]] = '▲'
	}
	for i := range 3 {
		if at[i] < 0 || (i > 0 && at[i] == at[i-1]) {
			continue
		}
		next := w
		for j := i + 1; j < 3; j++ {
			if at[j] > at[i] {
				next = at[j]
				break
			}
		}
		label := names[i]
		// Percentiles sharing the column share the label: "p95/99".
		for j := i + 1; j < 3 && at[j] == at[i]; j++ {
			label += "/" + names[j][1:]
		}
		if at[i]+1+len(label) <= next {
			copy(row[at[i]+1:], []rune(label))
		}
	}
	return string(row)
}

// logTicks labels the powers of ten (and 2× and 5× of them when decades are
// few) on a w-column log axis from 10^l0 to 10^l1 ns.
func logTicks(w int, l0, l1 float64) string {
	row := []rune(strings.Repeat(" ", w))
	mults := []float64{1}
	if l1-l0 < 2.5 {
		mults = []float64{1, 2, 5}
	}
	free := 0
	for e := math.Floor(l0); e <= math.Ceil(l1); e++ {
		for _, m := range mults {
			v := m * math.Pow(10, e)
			x := int(math.Round((math.Log10(v) - l0) / (l1 - l0) * float64(w)))
			if x < 0 || x >= w {
				continue
			}
			label := FormatDuration(time.Duration(v))
			label = strings.Replace(label, ".0", "", 1)
			rl := []rune(label)
			if x < free || x+len(rl) > w {
				continue
			}
			copy(row[x:], rl)
			free = x + len(rl) + 1
		}
	}
	return string(row)
}
