package tui

import (
	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/percentile"
)

// Series bounds. recentCap seconds are kept at full resolution (the longest
// fixed window and the point on its left edge); the whole run is kept in at most wholeCap points, each the
// mean of a power-of-two number of seconds, so memory stays bounded however
// long a run lasts.
const (
	recentCap = 300 + 1
	wholeCap  = 1024
)

// point is one second (or, in the whole-run series, the mean of several) of
// one workload run, both variants.
type point struct {
	tick int           // second of the run, 1-based
	ops  [2]float64    // ops/s by variant
	lat  [2][3]float64 // p50, p95, p99 in ns by variant
	svc  [2][3]float64 // an open loop's service times, likewise
}

func pointOf(u engine.Update) point {
	p := point{tick: u.Samples[0].Tick}
	for v, s := range u.Samples {
		p.ops[v] = s.OpsPerSec
		p.lat[v] = [3]float64{float64(s.P50), float64(s.P95), float64(s.P99)}
		p.svc[v] = [3]float64{float64(s.SvcP50), float64(s.SvcP95), float64(s.SvcP99)}
	}
	return p
}

// add accumulates q into p (for means).
func (p *point) add(q point) {
	p.tick = q.tick
	for v := range 2 {
		p.ops[v] += q.ops[v]
		for i := range 3 {
			p.lat[v][i] += q.lat[v][i]
			p.svc[v][i] += q.svc[v][i]
		}
	}
}

// scaled returns p with every value divided by n.
func (p point) scaled(n int) point {
	f := 1 / float64(n)
	for v := range 2 {
		p.ops[v] *= f
		for i := range 3 {
			p.lat[v][i] *= f
			p.svc[v][i] *= f
		}
	}
	return p
}

// ring is a fixed-capacity FIFO of points; the oldest is overwritten.
type ring struct {
	buf   []point
	start int
	n     int
}

func newRing(capacity int) ring { return ring{buf: make([]point, capacity)} }

func (r *ring) push(p point) {
	if r.n < len(r.buf) {
		r.buf[(r.start+r.n)%len(r.buf)] = p
		r.n++
		return
	}
	r.buf[r.start] = p
	r.start = (r.start + 1) % len(r.buf)
}

// at returns the i-th oldest point.
func (r *ring) at(i int) point { return r.buf[(r.start+i)%len(r.buf)] }

func (r *ring) reset() { r.start, r.n = 0, 0 }

// decimated keeps a whole run in at most wholeCap points: when full, each
// pair of neighbours is merged into its mean and the step doubles.
type decimated struct {
	pts  []point
	step int   // seconds per point
	acc  point // the sum of the seconds not yet folded into a point
	accN int
}

func newDecimated() decimated { return decimated{pts: make([]point, 0, wholeCap), step: 1} }

func (d *decimated) push(p point) {
	d.acc.add(p)
	d.accN++
	if d.accN < d.step {
		return
	}
	if len(d.pts) == cap(d.pts) {
		half := len(d.pts) / 2
		for i := range half {
			m := d.pts[2*i]
			m.add(d.pts[2*i+1])
			d.pts[i] = m.scaled(2)
		}
		d.pts = d.pts[:half]
		d.step *= 2
		if d.accN < d.step {
			return
		}
	}
	d.pts = append(d.pts, d.acc.scaled(d.accN))
	d.acc, d.accN = point{}, 0
}

func (d *decimated) reset() {
	d.pts = d.pts[:0]
	d.step = 1
	d.acc, d.accN = point{}, 0
}

// history is what the UI remembers of one workload (one saved run in a
// replay): its current run's series and the newest Update.
type history struct {
	runID  int
	recent ring
	whole  decimated
	last   engine.Update
	seen   bool // an Update for this workload has arrived

	// ghost is the saved run (--against) drawn behind this run, nil when
	// none matches; ghostOf is the RunID it was matched for.
	ghost   *history
	ghostOf int
}

func newHistory() *history { return &history{recent: newRing(recentCap), whole: newDecimated()} }

// apply records u; a new RunID discards the previous run's series. It
// reports whether the series changed.
func (h *history) apply(u engine.Update) bool { return h.applyPoint(u, pointOf(u)) }

// applyPoint is apply with the second's point given: a saved run's point
// may hold latencies not known (NaN), which an Update cannot say.
func (h *history) applyPoint(u engine.Update, p point) bool {
	changed := false
	if !h.seen || u.RunID != h.runID {
		h.recent.reset()
		h.whole.reset()
		h.runID = u.RunID
		changed = true
	}
	h.seen = true
	if !u.Tick {
		// A command's Update carries state, not figures: the newest tick's
		// stay on screen until the next one.
		u.Samples, u.Summary, u.Compare, u.Dist = h.last.Samples, h.last.Summary, h.last.Compare, h.last.Dist
		if changed {
			u.Samples, u.Summary, u.Compare, u.Dist = [2]engine.Sample{}, [2]engine.Summary{}, engine.Comparison{}, [2][]percentile.Bucket{}
		}
		h.last = u
		return changed
	}
	h.last = u
	if h.recent.n > 0 && p.tick <= h.recent.at(h.recent.n-1).tick {
		return changed // a repeated or out-of-order second
	}
	h.recent.push(p)
	h.whole.push(p)
	return true
}

// newestTick is the newest second recorded, 0 when none.
func (h *history) newestTick() int {
	if h.recent.n == 0 {
		return 0
	}
	return h.recent.at(h.recent.n - 1).tick
}

// span appends to dst the points of seconds xmin..xmax: from the recent
// series when it reaches back to xmin, else from the whole run's. It is how
// a ghost's seconds are lined up with the live run's.
func (h *history) span(dst []point, xmin, xmax int) []point {
	dst = dst[:0]
	if h.recent.n > 0 && h.recent.at(0).tick <= max(xmin, 1) {
		for i := range h.recent.n {
			if p := h.recent.at(i); p.tick >= xmin && p.tick <= xmax {
				dst = append(dst, p)
			}
		}
		return dst
	}
	for _, p := range h.whole.pts {
		if p.tick >= xmin && p.tick <= xmax {
			dst = append(dst, p)
		}
	}
	if h.whole.accN > 0 { // the seconds not yet folded into a point
		if p := h.whole.acc.scaled(h.whole.accN); p.tick >= xmin && p.tick <= xmax {
			dst = append(dst, p)
		}
	}
	return dst
}

// window appends to dst the points to show for a window of the last secs
// seconds (0: the whole run) and returns it with the seconds each point
// stands for.
func (h *history) window(dst []point, secs int) ([]point, int) {
	dst = dst[:0]
	if secs <= 0 {
		dst = append(dst, h.whole.pts...)
		if h.whole.accN > 0 {
			dst = append(dst, h.whole.acc.scaled(h.whole.accN))
		}
		return dst, h.whole.step
	}
	from := h.newestTick() - secs
	for i := range h.recent.n {
		if p := h.recent.at(i); p.tick >= from {
			dst = append(dst, p)
		}
	}
	return dst, 1
}
