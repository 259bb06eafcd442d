package tui

import (
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/themes"
	"github.com/mcptop/mcptop/units"
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

// markers puts ▲ under the columns of p50, p95 and p99 and names each
// beside its marker: on the right where there is room, else on the left. A
// name never covers or touches a marker it does not belong to and keeps a
// blank from other names. A marker whose name finds no room shares one
// with its nearest neighbour ("p50/95▲▲▲p99"), as percentiles in one
// column always do; only a row too narrow for even one shared name shows
// bare markers.
func markers(w int, p [3]time.Duration, pos func(float64) float64) string {
	row := []rune(strings.Repeat(" ", w))
	var marks []mark
	for i, d := range p {
		if d <= 0 {
			continue
		}
		c := max(0, min(w-1, int(pos(float64(d)))))
		row[c] = '▲'
		marks = append(marks, mark{lo: c, hi: c, name: pctNames[i]})
	}
	slices.SortStableFunc(marks, func(a, b mark) int { return a.lo - b.lo })
	for i := len(marks) - 1; i > 0; i-- {
		if marks[i].lo == marks[i-1].hi {
			marks = merge(marks, i-1)
		}
	}
	for len(marks) > 0 {
		starts, failed := placeNames(marks, w)
		if failed < 0 {
			for i, m := range marks {
				copy(row[starts[i]:], []rune(m.name))
			}
			break
		}
		if len(marks) == 1 {
			break
		}
		at := failed - 1 // share with the nearer neighbour, the left one on a tie
		if failed == 0 || failed+1 < len(marks) && gap(marks, failed) < gap(marks, failed-1) {
			at = failed
		}
		marks = merge(marks, at)
	}
	return string(row)
}

// mark is a run of marked columns lo..hi that shares one name.
type mark struct {
	lo, hi int
	name   string // "p99", "p50/95"
}

// gap is the distance from mark i to mark i+1.
func gap(marks []mark, i int) int { return marks[i+1].lo - marks[i].hi }

// merge joins marks i and i+1 under one name.
func merge(marks []mark, i int) []mark {
	a, b := marks[i], marks[i+1]
	marks[i] = mark{lo: a.lo, hi: b.hi, name: a.name + "/" + b.name[1:]}
	return slices.Delete(marks, i+1, i+2)
}

// placeNames returns where each mark's name starts: on the right of its
// marks where that fits, else on the left; or the index of a mark whose
// name fits neither side. It places from the right: a name on the right of
// its marks takes no room a name further left could use, so taking the
// right wherever it fits finds a placement whenever there is one.
func placeNames(marks []mark, w int) (starts []int, failed int) {
	starts = make([]int, len(marks))
	limit := w // names must end before it; later names keep a blank before them
	for i := len(marks) - 1; i >= 0; i-- {
		m := marks[i]
		l := utf8.RuneCountInString(m.name)
		floor := 0 // a left name keeps a blank after the marks before it
		if i > 0 {
			floor = marks[i-1].hi + 2
		}
		switch {
		case m.hi+1+l <= limit:
			starts[i] = m.hi + 1
		case m.lo-l >= floor:
			starts[i] = m.lo - l
		default:
			return nil, i
		}
		limit = min(starts[i], m.lo) - 1
	}
	return starts, -1
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
			label := units.ShortDuration(v)
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
