package tui

import (
	"math"
	"math/bits"
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
// beside its marker, on the right where there is room, else on the left.
// A name is never drawn over a marker or another name, nor touching a
// marker it does not belong to; markers too close for a name each share one,
// as percentiles in one column do: "▲▲p50/95". Only a row too narrow for
// even the shared name shows bare markers.
func markers(w int, p [3]time.Duration, pos func(float64) float64) string {
	row := []rune(strings.Repeat(" ", w))
	// The marked columns, left to right, with the percentiles in each.
	type mark struct {
		col int
		pct []int // indexes into p
	}
	var marks []mark
	for i, d := range p {
		if d <= 0 {
			continue
		}
		c := max(0, min(w-1, int(pos(float64(d)))))
		row[c] = '▲'
		j := 0
		for j < len(marks) && marks[j].col < c {
			j++
		}
		if j < len(marks) && marks[j].col == c {
			marks[j].pct = append(marks[j].pct, i)
			continue
		}
		marks = slices.Insert(marks, j, mark{col: c, pct: []int{i}})
	}
	if len(marks) == 0 {
		return string(row)
	}
	names := [3]string{"p50", "p95", "p99"}
	isMarker := func(c int) bool { return c >= 0 && c < w && row[c] == '▲' }

	// A cluster is a run of neighbouring marks sharing one name.
	type cluster struct {
		lo, hi int // first and last column
		name   string
	}
	// place tries every side for each cluster, fewest names on the left
	// first; it returns the start column of each name, or false.
	place := func(cs []cluster) ([]int, bool) {
		n := len(cs)
		masks := make([]int, 1<<n)
		for i := range masks {
			masks[i] = i
		}
		slices.SortStableFunc(masks, func(a, b int) int { return bits.OnesCount(uint(a)) - bits.OnesCount(uint(b)) })
		starts := make([]int, n)
	next:
		for _, left := range masks {
			for i, c := range cs {
				l := utf8.RuneCountInString(c.name)
				s, far := c.hi+1, c.hi+1+l // far: the cell beyond the name
				if left&(1<<i) != 0 {
					s, far = c.lo-l, c.lo-l-1
				}
				if s < 0 || s+l > w || isMarker(far) {
					continue next
				}
				for x := s; x < s+l; x++ {
					if isMarker(x) {
						continue next
					}
				}
				for j := range i { // names of earlier clusters: one blank apart
					lj := utf8.RuneCountInString(cs[j].name)
					if s < starts[j]+lj+1 && starts[j] < s+l+1 {
						continue next
					}
				}
				starts[i] = s
			}
			return starts, true
		}
		return nil, false
	}
	// Partitions of the marks into clusters, fewest merges first; among
	// equals, the one merging the closest marks.
	k := len(marks)
	cuts := make([]int, 1<<(k-1)) // bit j set: marks j and j+1 share a name
	for i := range cuts {
		cuts[i] = i
	}
	gaps := func(c int) int {
		g := 0
		for j := range k - 1 {
			if c&(1<<j) != 0 {
				g += marks[j+1].col - marks[j].col
			}
		}
		return g
	}
	slices.SortStableFunc(cuts, func(a, b int) int {
		if d := bits.OnesCount(uint(a)) - bits.OnesCount(uint(b)); d != 0 {
			return d
		}
		return gaps(a) - gaps(b)
	})
	for _, cut := range cuts {
		var cs []cluster
		for j, mk := range marks {
			more := mk.pct
			if j == 0 || cut&(1<<(j-1)) == 0 {
				cs = append(cs, cluster{lo: mk.col, name: names[mk.pct[0]]})
				more = mk.pct[1:]
			}
			c := &cs[len(cs)-1]
			c.hi = mk.col
			for _, i := range more {
				c.name += "/" + names[i][1:]
			}
		}
		if starts, ok := place(cs); ok {
			for i, c := range cs {
				copy(row[starts[i]:], []rune(c.name))
			}
			return string(row)
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
