package merge

import (
	"math"
	"slices"

	"github.com/mcptop/mcptop/snapshot"
)

// slot is one instance's point placed on a wall-clock second.
type slot struct {
	inst int
	p    *snapshot.Point
}

// align places every instance's points of one variant on wall-clock
// seconds: a point goes to the second nearest its end (unix_ms), so the
// seconds of instances started a fraction apart land together, and a
// drift of the engine's seconds against the clock shows as a second an
// instance is missing from, never as two of its seconds added into one.
// Should an instance's clock step back so that two of its points would
// share a second, the later moves on by one; moved counts those.
func align(series [][]snapshot.Point) (bySecond map[int64][]slot, moved int) {
	bySecond = map[int64][]slot{}
	for i, ps := range series {
		prev := int64(math.MinInt64)
		for j := range ps {
			k := int64(math.Round(float64(ps[j].UnixMs) / 1000))
			if k <= prev {
				k, moved = prev+1, moved+1
			}
			prev = k
			bySecond[k] = append(bySecond[k], slot{i, &ps[j]})
		}
	}
	return bySecond, moved
}

// merged is one variant's merged seconds, and which of them are partial
// by wall-clock second.
type merged struct {
	points  []snapshot.Point
	partial map[int64]bool
}

// mergeSeries aligns and merges both variants' seconds of the runs. It
// returns them, the wall-clock seconds they cover (ascending; t_s counts
// from the first, so both variants' t_s agree) and, per variant, how many
// seconds were moved on by a clock that stepped back.
func mergeSeries(rs []*snapshot.Run) (out [2]merged, ks []int64, moved [2]int) {
	var aligned [2]map[int64][]slot
	seen := map[int64]bool{}
	for v := range 2 {
		series := make([][]snapshot.Point, len(rs))
		for i, r := range rs {
			series[i] = r.Variants[v].Series
		}
		aligned[v], moved[v] = align(series)
		for k := range aligned[v] {
			if !seen[k] {
				seen[k] = true
				ks = append(ks, k)
			}
		}
	}
	slices.Sort(ks)
	for v := range 2 {
		out[v].partial = map[int64]bool{}
		for _, k := range ks {
			if slots := aligned[v][k]; len(slots) > 0 {
				p := mergePoint(k, int(k-ks[0])+1, slots, len(rs))
				out[v].points = append(out[v].points, p)
				out[v].partial[k] = p.Partial
			}
		}
	}
	return out, ks, moved
}

// wavg is a weighted mean built one value at a time.
type wavg struct{ sum, w float64 }

func (a *wavg) add(x, w float64) {
	if w > 0 {
		a.sum += x * w
		a.w += w
	}
}

func (a *wavg) mean() float64 {
	if a.w == 0 {
		return 0
	}
	return a.sum / a.w
}

// perOp merges the per-op figures of a second or a run: allocation, CPU
// and the server's CPU per op weighted by the ops they are of (every op
// completed, as the engine divides them), and the servers' memory added
// up, while every instance could measure its server.
type perOp struct {
	alloc, allocs, cpu, server wavg
	unknown                    bool
	rss                        int64
}

// fig is one instance's per-op figures.
type fig struct {
	ops                int64 // every op completed
	alloc, allocs, cpu float64
	serverKnown        bool
	serverCPU          float64
	serverRSS          int64
}

func (a *perOp) add(f fig) {
	w := float64(f.ops)
	a.alloc.add(f.alloc, w)
	a.allocs.add(f.allocs, w)
	a.cpu.add(f.cpu, w)
	a.server.add(f.serverCPU, w)
	a.unknown = a.unknown || !f.serverKnown
	a.rss += f.serverRSS
}

// result is the merged figures; the server's are zero unless known.
func (a *perOp) result() fig {
	f := fig{alloc: a.alloc.mean(), allocs: a.allocs.mean(), cpu: a.cpu.mean(), serverKnown: !a.unknown}
	if f.serverKnown {
		f.serverCPU, f.serverRSS = a.server.mean(), a.rss
	}
	return f
}

// mergePoint adds the instances' points of one wall-clock second k (t_s
// t) of n instances. Counts, times and rates add up (throughput is the
// sum of the instances' ops/active_s); max is the largest; mean and the
// per-op figures are weighted by the ops they are of; p50, p95 and p99
// cannot be merged and are marked unknown. It is Partial unless every
// instance ran the variant in this second, so that its throughput is the
// whole fleet's.
func mergePoint(k int64, t int, slots []slot, n int) (p snapshot.Point) {
	p = snapshot.Point{T: t, UnixMs: k * 1000, Instances: len(slots), PercentilesUnknown: true}
	var mean, svcMean wavg
	var per perOp
	ran := 0
	for _, s := range slots {
		x := s.p
		p.Warmup = p.Warmup || x.Warmup
		p.Ran = p.Ran || x.Ran
		if x.Ran {
			ran++
		}
		p.Ops += x.Ops
		p.Errors += x.Errors
		p.Timeouts += x.Timeouts
		p.FillDrainOps += x.FillDrainOps
		p.Timed += x.Timed
		p.ActiveS += x.ActiveS
		p.FillDrainS += x.FillDrainS
		p.WallS += x.WallS
		p.ThroughputOpsPerS += x.ThroughputOpsPerS
		p.ThroughputBPerS += x.ThroughputBPerS
		p.LatencyMaxUs = max(p.LatencyMaxUs, x.LatencyMaxUs)
		p.CPUPercent += x.CPUPercent
		p.HeapBytes += x.HeapBytes
		p.RSSBytes += x.RSSBytes
		mean.add(x.LatencyMeanUs, float64(x.Ops))
		addOpenPoint(&p, x, &svcMean)
		per.add(fig{x.Ops + x.Errors + x.FillDrainOps, x.AllocBytesPerOp, x.AllocsPerOp, x.CPUUsPerOp,
			x.ServerKnown, x.ServerCPUMsPer1k, x.ServerRSSBytes})
	}
	p.LatencyMeanUs, p.ServiceMeanUs = mean.mean(), svcMean.mean()
	f := per.result()
	p.AllocBytesPerOp, p.AllocsPerOp, p.CPUUsPerOp = f.alloc, f.allocs, f.cpu
	p.ServerKnown, p.ServerCPUMsPer1k, p.ServerRSSBytes = f.serverKnown, f.serverCPU, f.serverRSS
	p.Partial = ran < n
	return p
}
