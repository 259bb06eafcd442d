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
	names  [2]string // the sides' implementations
	w, h   int
	view   string
	cols   [2][]float64 // per-column weight, reused between draws
}

func (hp *histPanel) setSize(w, h int) { hp.w, hp.h = max(w, 1), max(h, 1) }

// rebuild renders dist with the percentiles pcts (p50, p95, p99 by
// variant): per variant, bars of its distribution over one log axis and a
// row marking its percentiles, then the axis with its decade labels.
func (hp *histPanel) rebuild(dist [2][]percentile.Bucket, pcts [2][3]time.Duration) {
	st := hp.styles
	var b strings.Builder
	b.WriteString(titleLine(st, "Latency histogram (run, log scale)", legend(st, hp.names), hp.w))
	rows := hp.h - 1
	gw := hp.w - histLabelWidth - 1
	lo, hi := span(dist)
	if hi == 0 || gw < 4 || rows < 5 {
		msg := "no latency distribution yet (it starts after warm-up)"
		if hi != 0 {
			msg = "too small for the histogram"
		}
		hp.view = hp.notice(b.String(), msg)
		return
	}
	ax := newLogAxis(lo, hi, gw)
	barRows := max(1, (rows-2)/2-1)
	indent := strings.Repeat(" ", histLabelWidth)
	for v := range 2 {
		hp.cols[v] = ax.spread(hp.cols[v], dist[v])
		style := variantStyle(st, v)
		name := [2]string{"base", "opt"}[v]
		for r := barRows - 1; r >= 0; r-- {
			b.WriteByte('\n')
			if r == barRows-1 {
				b.WriteString(style.Render(padLeft(name, histLabelWidth-1)) + " ")
			} else {
				b.WriteString(indent)
			}
			b.WriteString(st.Axis.Render("│"))
			b.WriteString(style.Render(barRow(hp.cols[v], r, barRows)))
		}
		b.WriteString("\n" + indent + st.Axis.Render("│"))
		b.WriteString(st.Muted.Render(markers(gw, pcts[v], ax.pos)))
	}
	b.WriteString("\n" + indent + st.Axis.Render("└"+strings.Repeat("─", gw)))
	b.WriteString("\n" + indent + " " + st.AxisLabel.Render(logTicks(gw, ax.l0, ax.l1)))
	hp.view = hp.pad(strings.Split(b.String(), "\n"))
}

// notice is the panel with its title line and msg in the middle.
func (hp *histPanel) notice(title, msg string) string {
	lines := []string{title}
	for i := 1; i < hp.h; i++ {
		lines = append(lines, "")
	}
	if hp.h > 1 {
		lines[1+(hp.h-1)/2] = hp.styles.Muted.Render("  " + msg)
	}
	return hp.pad(lines)
}

// pad makes lines exactly the panel's size.
func (hp *histPanel) pad(lines []string) string {
	for len(lines) < hp.h {
		lines = append(lines, "")
	}
	lines = lines[:hp.h]
	for i := range lines {
		lines[i] = padRight(lines[i], hp.w)
	}
	return strings.Join(lines, "\n")
}

// span returns the latencies, in ns, from the lowest to past the highest
// bucket that holds an op of either variant; hi is 0 when none does.
func span(dist [2][]percentile.Bucket) (lo, hi int64) {
	lo = math.MaxInt64
	for v := range 2 {
		for _, bk := range dist[v] {
			if bk.Count == 0 {
				continue
			}
			lo = min(lo, max(bk.Lo, 1))
			hi = max(hi, bk.Hi+1)
		}
	}
	return lo, hi
}

// logAxis maps latencies onto w columns on a log scale from 10^l0 to
// 10^l1 ns.
type logAxis struct {
	l0, l1 float64
	w      int
}

// newLogAxis spans lo..hi ns with a little room either side, at least a
// decade.
func newLogAxis(lo, hi int64, w int) logAxis {
	l0, l1 := math.Log10(float64(lo)), math.Log10(float64(hi))
	if l1-l0 < 1 {
		mid := (l0 + l1) / 2
		l0, l1 = mid-0.5, mid+0.5
	}
	pad := (l1 - l0) * 0.03
	return logAxis{l0: l0 - pad, l1: l1 + pad, w: w}
}

// pos is the column, fractional, of a latency of ns.
func (ax logAxis) pos(ns float64) float64 {
	return (math.Log10(ns) - ax.l0) / (ax.l1 - ax.l0) * float64(ax.w)
}

// spread returns each column's share of the ops of dist, in cols (reused
// when large enough): each bucket's count goes to the columns its range
// covers, in proportion to the log-width of the overlap.
func (ax logAxis) spread(cols []float64, dist []percentile.Bucket) []float64 {
	if cap(cols) < ax.w {
		cols = make([]float64, ax.w)
	}
	cols = cols[:ax.w]
	clear(cols)
	for _, bk := range dist {
		x0, x1 := ax.pos(float64(max(bk.Lo, 1))), ax.pos(float64(bk.Hi+1))
		if x1-x0 < 1e-9 {
			x1 = x0 + 1e-9
		}
		for c := max(0, int(x0)); c < ax.w && float64(c) < x1; c++ {
			if ov := math.Min(x1, float64(c+1)) - math.Max(x0, float64(c)); ov > 0 {
				cols[c] += float64(bk.Count) * ov / (x1 - x0)
			}
		}
	}
	return cols
}

// barRow draws row r (0 at the bottom) of bars of rows rows, the tallest
// column full height, in eighths of a cell; a column with any ops shows at
// least one eighth.
func barRow(cols []float64, r, rows int) string {
	top := slices.Max(cols)
	bar := make([]rune, 0, len(cols))
	for _, x := range cols {
		e := 0
		if top > 0 && x > 0 {
			e = int(math.Round(x/top*float64(rows*8))) - r*8
			if r == 0 && e < 1 {
				e = 1
			}
			e = max(0, min(8, e))
		}
		bar = append(bar, eighths[e])
	}
	return string(bar)
}

// markers puts ▲ under the columns of p50, p95 and p99 and names each
// beside its marker: on the right where there is room, else on the left. A
// name never covers or touches a marker it does not belong to and keeps a
// blank from other names. Markers whose names find no room share one
// ("p50/95▲▲▲p99"), as percentiles in one column always do: as few shares
// as will fit, the closest markers first. Only a row too narrow for even
// one shared name shows bare markers.
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
	// Each round shares one more name, in every way, closest markers first.
	for round := [][]mark{marks}; len(round) > 0; {
		var next [][]mark
		for _, ms := range round {
			if starts, ok := placeNames(ms, w); ok {
				for i, m := range ms {
					copy(row[starts[i]:], []rune(m.name))
				}
				return string(row)
			}
			for _, i := range byGap(ms) {
				next = append(next, merge(ms, i))
			}
		}
		round = next
	}
	return string(row)
}

// mark is a run of marked columns lo..hi that shares one name.
type mark struct {
	lo, hi int
	name   string // "p99", "p50/95"
}

// byGap returns the indexes i of the neighbouring marks i and i+1, the
// closest first, the leftmost first among equals.
func byGap(marks []mark) []int {
	var is []int
	for i := range len(marks) - 1 {
		is = append(is, i)
	}
	gap := func(i int) int { return marks[i+1].lo - marks[i].hi }
	slices.SortStableFunc(is, func(a, b int) int { return gap(a) - gap(b) })
	return is
}

// merge returns marks with marks i and i+1 joined under one name; marks
// itself is left as it was, for the other ways to share.
func merge(marks []mark, i int) []mark {
	a, b := marks[i], marks[i+1]
	return slices.Concat(marks[:i], []mark{{lo: a.lo, hi: b.hi, name: a.name + "/" + b.name[1:]}}, marks[i+2:])
}

// placeNames returns where each mark's name starts: on the right of its
// marks where that fits, else on the left; ok is false when a name fits
// neither side. It places from the right: a name on the right of its marks
// takes no room a name further left could use, so taking the right
// wherever it fits finds a placement whenever there is one.
func placeNames(marks []mark, w int) (starts []int, ok bool) {
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
			return nil, false
		}
		limit = min(starts[i], m.lo) - 1
	}
	return starts, true
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
