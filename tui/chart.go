package tui

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/runes"
	tslc "github.com/NimbleMarkets/ntcharts/linechart/timeserieslinechart"
	"github.com/charmbracelet/lipgloss"

	"github.com/mcptop/mcptop/themes"
	"github.com/mcptop/mcptop/units"
)

// yLabelWidth is the least width of the Y label column, so the plot area
// does not move when the scale goes from "800k" to "1.20M", and charts of
// one span line up.
const yLabelWidth = 6

// tagWidth is the margin right of a plot showing several percentiles per
// variant, where each line's name stands level with its newest value, the
// baseline's names in the first column and the optimised's in the second:
// " p99 p95". Lines of both variants often share a row; names of one
// variant rarely need to move.
const tagWidth = 2 * tagCell

// tagCell is one column of that margin: " p99".
const tagCell = 4

// metric is what a chart line shows.
type metric int

const (
	mThroughput metric = iota
	mP50
	mP95
	mP99
)

// name is the metric's short name: "p99".
func (m metric) name() string {
	return [...]string{"ops", "p50", "p95", "p99"}[m]
}

// value reads metric m of variant v from p.
func (m metric) value(p *point, v int) float64 {
	if m == mThroughput {
		return p.ops[v]
	}
	return p.lat[v][m-mP50]
}

// line is one data set of a chart: a metric of one variant.
type line struct {
	name    string // data set name; DrawBrailleAll draws in name order
	variant int
	metric  metric
}

var (
	throughputLines = []line{{"b-ops", 0, mThroughput}, {"o-ops", 1, mThroughput}}
	latencyLines    = [4][]line{
		{{"b-p50", 0, mP50}, {"o-p50", 1, mP50}},
		{{"b-p95", 0, mP95}, {"o-p95", 1, mP95}},
		{{"b-p99", 0, mP99}, {"o-p99", 1, mP99}},
		{{"b-p50", 0, mP50}, {"b-p95", 0, mP95}, {"b-p99", 0, mP99},
			{"o-p50", 1, mP50}, {"o-p95", 1, mP95}, {"o-p99", 1, mP99}},
	}
	allLineNames = []string{"b-ops", "o-ops", "b-p50", "b-p95", "b-p99", "o-p50", "o-p95", "o-p99"}
)

// timeChart is a titled ntcharts time-series chart over seconds of a run,
// rebuilt from our own bounded series whenever the data, size or options
// change, and rendered once into view.
type timeChart struct {
	c      tslc.Model
	styles themes.Styles
	names  [2]string // the sides' implementations, for the legend
	w, h   int       // the whole panel, title line included
	view   string

	// Label state read by the formatters during a draw.
	latency   bool    // Y values are nanoseconds
	yTick     float64 // Y label every yTick
	yInc      float64 // Y value per row
	yUnit     float64 // ns per displayed unit
	yUnitName string
	yBlank    string // what ntcharts measures the Y label column by

	xmin, xmax int // the seconds shown, set by scale

	// ghost is a saved run's points (--against), drawn faint behind the
	// lines; notice is said in the plot when no line has a value, in the
	// first of its wordings that fits.
	ghost  []point
	notice []string

	tagW    int      // width of the margin naming the lines; 0 without one
	margins []string // the margin of each canvas row, reused between draws
}

func newTimeChart(latency bool, st themes.Styles) *timeChart {
	tc := &timeChart{latency: latency, styles: st, w: 20, h: 6, yBlank: strings.Repeat(" ", yLabelWidth)}
	// tc.w and tc.h match the canvas New makes; setSize resizes on change.
	tc.c = tslc.New(tc.w, tc.h-1,
		tslc.WithXYSteps(1, 1),
		// X labels are drawn by drawXLabels: ntcharts places them by its
		// own spacing, which differs between charts of one span.
		tslc.WithXLabelFormatter(func(int, float64) string { return "" }),
		// Y labels likewise (drawYLabels): ntcharts measures them in
		// bytes, so "µs" would move the plot a column right.
		tslc.WithYLabelFormatter(func(int, float64) string { return tc.yBlank }),
	)
	// We set every range ourselves; auto-ranging only ever grows and
	// rescales all stored points on each push past the edge.
	tc.c.AutoMinX, tc.c.AutoMaxX, tc.c.AutoMinY, tc.c.AutoMaxY = false, false, false, false
	tc.setStyles(st)
	return tc
}

func (tc *timeChart) setStyles(st themes.Styles) {
	tc.styles = st
	tc.c.AxisStyle = st.Axis
	tc.c.LabelStyle = st.AxisLabel
	for _, n := range allLineNames {
		s := st.Baseline
		if n[0] == 'o' {
			s = st.Optimised
		}
		tc.c.SetDataSetStyle(n, s)
		tc.c.SetDataSetStyle(ghostName(n), ghostStyle(st, s))
	}
}

func (tc *timeChart) setSize(w, h int) {
	tc.w, tc.h = max(w, 1), max(h, 1)
	tc.fit()
}

// fit sizes the canvas to the panel less its title line and margin.
func (tc *timeChart) fit() {
	w, h := max(tc.w-tc.tagW, 1), max(tc.h-1, 1)
	if w == tc.c.Width() && h == tc.c.Height() {
		return // Resize allocates a new canvas
	}
	tc.c.Resize(w, h)
}

// yLabel returns the label of the row holding value v when a multiple of
// yTick falls in it, else "".
func (tc *timeChart) yLabel(v float64) string {
	if tc.yTick <= 0 {
		return ""
	}
	k := math.Round(v / tc.yTick)
	if math.Abs(k*tc.yTick-v) > tc.yInc/2+1e-9 || k < 0 {
		return ""
	}
	val := k * tc.yTick
	switch {
	case val == 0:
		return "0"
	case tc.latency:
		return units.Short(val/tc.yUnit) + tc.yUnitName
	}
	return units.ShortSI(val)
}

// drawYLabels writes the Y labels right-aligned against the Y axis.
func (tc *timeChart) drawYLabels() {
	c := &tc.c
	o := c.Origin()
	last := ""
	for i := range c.GraphHeight() + 1 {
		// A tick on the boundary of two rows labels the lower one.
		if s := tc.yLabel(tc.yInc * float64(i)); s != "" && s != last {
			x := max(0, o.X-utf8.RuneCountInString(s))
			c.Canvas.SetStringWithStyle(canvas.Point{X: x, Y: o.Y - i}, s, tc.styles.AxisLabel)
			last = s
		}
	}
}

// scale sets the chart's ranges for lines of pts, seconds xmin..xmax of a
// run, and returns the plot's width in columns. draw then renders them; the
// two are apart so that charts of one span can share their X ticks.
func (tc *timeChart) scale(pts []point, lines []line, xmin, xmax int) int {
	c := &tc.c
	if xmax <= xmin {
		xmax = xmin + 1
	}
	tc.xmin, tc.xmax = xmin, xmax
	tc.tagW = 0
	if len(lines) > 2 { // several percentiles per variant: name the lines
		tc.tagW = tagWidth
	}
	tc.fit()
	maxY := 0.0
	for _, ps := range [][]point{pts, tc.ghost} {
		for i := range ps {
			for _, l := range lines {
				if v := l.metric.value(&ps[i], l.variant); v > maxY { // NaN: not known
					maxY = v
				}
			}
		}
	}
	gh := max(tc.h-1-2, 1) // title line, X axis, X labels

	// Y: the nice step giving the lowest top with a label every two or
	// three rows.
	if maxY <= 0 {
		maxY = 1
		if tc.latency {
			maxY = 1000
		}
	}
	want := maxY * 1.05
	tc.yTick = 0
	top := math.Inf(1)
	for labels := max(1, gh/3); labels <= max(1, gh/2); labels++ {
		step := niceStep(want / float64(labels))
		if t := math.Ceil(want/step) * step; t < top*(1-1e-9) {
			tc.yTick, top = step, t
		}
	}
	tc.yInc = top / float64(gh)
	if tc.latency {
		tc.yUnit, tc.yUnitName = units.TimeUnit(top)
	}
	lw := yLabelWidth
	for i := range gh + 1 {
		lw = max(lw, utf8.RuneCountInString(tc.yLabel(tc.yInc*float64(i))))
	}
	if lw != len(tc.yBlank) {
		tc.yBlank = strings.Repeat(" ", lw)
	}

	for _, n := range allLineNames {
		c.ClearDataSet(n)
		c.ClearDataSet(ghostName(n))
	}
	t0, t1 := time.Unix(int64(xmin), 0), time.Unix(int64(xmax), 0)
	c.SetTimeRange(t0, t1)
	c.SetViewTimeRange(t0, t1)
	c.SetYRange(0, top)
	c.SetViewYRange(0, top)

	// The graph width is known once the Y labels are.
	return max(c.GraphWidth(), 1)
}

// xTicks says where a chart's X labels go: every step seconds, those that
// fit whole under a plot width columns wide. Charts of one span share one,
// made for the narrowest, so they label the same seconds.
type xTicks struct {
	step  float64
	width int
}

// xTicksFor returns the X labels for the seconds xmin..xmax on a plot gw
// columns wide: a round number of seconds apart, no closer than the longest
// label and a little room.
func xTicksFor(xmin, xmax, gw int) xTicks {
	gw = max(gw, 1)
	span := float64(max(xmax-xmin, 1))
	need := max(8, len(units.Elapsed(time.Duration(xmax)*time.Second))+3)
	return xTicks{step: niceSeconds(span * float64(need) / float64(gw)), width: gw}
}

// draw renders lines of pts, as scaled by scale, into the panel with its
// title and legend, and labels the X axis at ticks.
func (tc *timeChart) draw(title string, pts []point, lines []line, ticks xTicks) {
	c := &tc.c
	mono := tc.styles.Theme.Mono
	ghosts := tc.push(tc.ghost, lines, ghostName, false)
	pushed := tc.push(pts, lines, func(n string) string { return n }, mono)
	if pushed || ghosts {
		c.DrawBrailleAll()
	} else {
		c.Clear()
		c.DrawXYAxisAndLabel()
	}
	noticed := !pushed && len(tc.notice) > 0 && len(pts) > 0
	if noticed {
		tc.drawNotice()
	}
	if mono {
		// Without colour the optimised variant is drawn with line runes
		// over the baseline's braille dots, so the two stay apart.
		for _, l := range lines {
			if l.variant != 1 {
				continue
			}
			for i := 1; i < len(pts); i++ {
				p, q := &pts[i-1], &pts[i]
				if math.IsNaN(l.metric.value(p, 1)) || math.IsNaN(l.metric.value(q, 1)) {
					continue
				}
				c.DrawLineWithStyle(
					canvas.Float64Point{X: float64(p.tick), Y: l.metric.value(p, 1)},
					canvas.Float64Point{X: float64(q.tick), Y: l.metric.value(q, 1)},
					runes.ThinLineStyle, tc.styles.Optimised)
			}
		}
	}

	if !noticed { // a scale with nothing on it would read as measured
		tc.drawYLabels()
	}
	tc.drawXLabels(ticks)

	var b strings.Builder
	b.Grow(tc.w * tc.h * 4)
	right := legend(tc.styles, tc.names)
	if ghosts {
		right += "  " + tc.styles.Muted.Render("⣿ saved")
	}
	b.WriteString(titleLine(tc.styles, title, right, tc.w))
	b.WriteByte('\n')
	var margins []string
	if tc.tagW > 0 {
		margins = tc.tagLines(pts, lines)
	}
	renderCanvas(&b, &c.Canvas, margins)
	tc.view = b.String()
}

// push adds to the chart the values of lines in pts that are known, each
// to the data set named(line's name); skipOpt leaves out the optimised
// variant's (mono draws them itself). It reports whether it added any.
func (tc *timeChart) push(pts []point, lines []line, named func(string) string, skipOpt bool) bool {
	if len(pts) == 0 {
		return false
	}
	pushed := false
	for _, l := range lines {
		if skipOpt && l.variant == 1 {
			continue
		}
		name := named(l.name) // once a line: a ghost's name is built
		for i := range pts {
			v := l.metric.value(&pts[i], l.variant)
			if math.IsNaN(v) {
				continue
			}
			tc.c.PushDataSet(name, tslc.TimePoint{Time: time.Unix(int64(pts[i].tick), 0), Value: v})
			pushed = true
		}
	}
	return pushed
}

// tagLines returns the margin of each canvas row: every line's metric name
// in its variant's style and column, level with the line's newest value.
// Names of one variant that would share a row move apart, in the order of
// their values, within the plot's rows.
func (tc *timeChart) tagLines(pts []point, lines []line) []string {
	c := &tc.c
	gh := c.GraphHeight()
	var cells [][2]string // [row][variant]
	for range c.Canvas.Height() {
		cells = append(cells, [2]string{})
	}
	type tag struct {
		row int
		v   float64
		l   line
	}
	var tags [2][]tag
	if len(pts) > 0 && tc.yInc > 0 {
		newest := &pts[len(pts)-1]
		top := tc.yInc * float64(gh)
		for _, l := range lines {
			v := l.metric.value(newest, l.variant)
			if math.IsNaN(v) {
				continue
			}
			// The plot's rows are canvas rows 0..gh-1, the top one holding top.
			row := gh - 1 - int(v/top*float64(gh))
			tags[l.variant] = append(tags[l.variant], tag{max(0, min(gh-1, row)), v, l})
		}
	}
	for v, ts := range tags {
		if len(ts) > gh {
			continue // more names than rows
		}
		slices.SortStableFunc(ts, func(a, b tag) int { return cmp.Compare(b.v, a.v) })
		for i := 1; i < len(ts); i++ {
			ts[i].row = max(ts[i].row, ts[i-1].row+1)
		}
		for i := len(ts) - 1; i >= 0; i-- {
			limit := gh - 1
			if i+1 < len(ts) {
				limit = ts[i+1].row - 1
			}
			ts[i].row = min(ts[i].row, limit)
		}
		style := tc.styles.Baseline
		if v == 1 {
			style = tc.styles.Optimised
		}
		for _, t := range ts {
			cells[t.row][v] = style.Render(t.l.metric.name())
		}
	}
	tc.margins = tc.margins[:0]
	for _, cs := range cells {
		tc.margins = append(tc.margins, padRight(" "+cs[0], tagCell)+padRight(" "+cs[1], tagCell))
	}
	return tc.margins
}

// drawXLabels writes the elapsed time under the X axis at every tick,
// starting at the tick's column, when it fits whole under a plot ticks.width
// columns wide (so charts of one span show the same labels).
func (tc *timeChart) drawXLabels(ticks xTicks) {
	c := &tc.c
	if ticks.step <= 0 {
		return
	}
	o, gw, w := c.Origin(), max(c.GraphWidth(), 1), c.Canvas.Width()
	span := float64(tc.xmax - tc.xmin)
	for k := math.Ceil(float64(tc.xmin) / ticks.step); k*ticks.step <= float64(tc.xmax); k++ {
		sec := k * ticks.step
		label := units.Elapsed(time.Duration(sec) * time.Second)
		f := (sec - float64(tc.xmin)) / span // 0 at the Y axis, 1 at the right edge
		if f*float64(ticks.width)+float64(len(label)) > float64(ticks.width+1) {
			continue
		}
		x := min(o.X+int(math.Round(f*float64(gw))), w-len(label))
		c.Canvas.SetStringWithStyle(canvas.Point{X: x, Y: o.Y + 1}, label, tc.styles.AxisLabel)
	}
}

// legend names the two sides' implementations in their line styles.
func legend(st themes.Styles, names [2]string) string {
	if st.Theme.Mono {
		return st.Baseline.Render("⠤⠤ "+names[0]) + "  " + st.Optimised.Render("── "+names[1])
	}
	return st.Baseline.Render("⣿ "+names[0]) + "  " + st.Optimised.Render("⣿ "+names[1])
}

// titleLine puts title on the left and right on the right of a w-cell line,
// dropping right when both do not fit.
func titleLine(st themes.Styles, title, right string, w int) string {
	t := st.Title.Render(title)
	tw, rw := lipgloss.Width(t), lipgloss.Width(right)
	if tw+2+rw > w {
		return padRight(t, w)
	}
	return t + strings.Repeat(" ", w-tw-rw) + right
}

// niceStep returns the smallest of 1, 2, 2.5, 5 × 10^k that is ≥ x.
func niceStep(x float64) float64 {
	if x <= 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= x*(1-1e-12) {
			return m * p
		}
	}
	return 10 * p
}

// niceSeconds returns the smallest round number of seconds ≥ x.
func niceSeconds(x float64) float64 {
	for _, s := range []float64{1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400} {
		if s >= x {
			return s
		}
	}
	return math.Ceil(x/86400) * 86400
}
