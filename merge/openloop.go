package merge

import (
	"fmt"
	"math"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/snapshot"
)

// addOpenPoint adds an instance's open-loop second x into the merged p:
// sends, missed and capped sends and the rate achieved add up (the
// fleet's rate is the instances' together), the lag behind schedule and
// the service time's max are the largest, its mean is weighted by ops;
// the service percentiles, like the latency's, cannot be merged and stay
// 0 (the point says PercentilesUnknown).
func addOpenPoint(p *snapshot.Point, x *snapshot.Point, mean *wavg) {
	o, xo := &p.OpenLoop, &x.OpenLoop
	o.SentOps += xo.SentOps
	o.MissedSends += xo.MissedSends
	o.CappedSends += xo.CappedSends
	o.AchievedRatePerS += xo.AchievedRatePerS
	o.BehindScheduleS = math.Max(o.BehindScheduleS, xo.BehindScheduleS)
	o.ServiceMaxUs = math.Max(o.ServiceMaxUs, xo.ServiceMaxUs)
	mean.add(xo.ServiceMeanUs, float64(x.Ops))
}

// openSummary merges the variant's open-loop figures of the runs into s:
// the same sums as a second's, and the service times read from the
// summed service histograms (sh, empty in a closed loop).
func openSummary(s *snapshot.Summary, rs []*snapshot.Run, v int, sh *percentile.Histogram) {
	o := &s.OpenLoop
	for _, r := range rs {
		x := &r.Variants[v].Summary.OpenLoop
		o.SentOps += x.SentOps
		o.MissedSends += x.MissedSends
		o.CappedSends += x.CappedSends
		o.AchievedRatePerS += x.AchievedRatePerS
		o.BehindScheduleS = math.Max(o.BehindScheduleS, x.BehindScheduleS)
	}
	if sh.Count() == 0 {
		return
	}
	o.ServiceP50Us, o.ServiceP95Us, o.ServiceP99Us, o.ServiceP999Us = tails(sh)
	o.ServiceMaxUs, o.ServiceMeanUs = us(sh.Max()), sh.Mean()/1e3
}

// bucketsOf rebuilds a histogram from a snapshot's buckets, its largest
// value maxUs and its mean meanUs (0: not kept), as histogram does.
func bucketsOf(bs []snapshot.Bucket, maxUs, meanUs float64) (*percentile.Histogram, error) {
	if len(bs) == 0 {
		return percentile.New(), nil
	}
	return percentile.FromBucketsOf(bs, func(b snapshot.Bucket) percentile.Bucket {
		return percentile.Bucket{Lo: b.LoNs, Hi: b.HiNs, Count: b.Count}
	}, bs[0].LoNs, int64(math.Round(maxUs*1e3)), meanUs*1e3)
}

// serviceHistogram adds up the instances' service-time histograms of
// variant v.
func serviceHistogram(rs []*snapshot.Run, v int, srcs []string) (*percentile.Histogram, error) {
	sum := percentile.New()
	for i, r := range rs {
		vr := &r.Variants[v]
		h, err := bucketsOf(vr.ServiceHistogram, vr.Summary.ServiceMaxUs, vr.Summary.ServiceMeanUs)
		if err != nil {
			return nil, fmt.Errorf("%s: variants[%d]: service_histogram: %w", srcs[i], v, err)
		}
		sum.Merge(h)
	}
	return sum, nil
}

// mergeMethods merges variant v's methods of the runs, which name the same
// methods in the same order (they come from the call, an input the
// instances share): counts and throughput add up, latencies come from the
// summed histograms.
func mergeMethods(rs []*snapshot.Run, v int, srcs []string) ([]snapshot.Method, error) {
	first := rs[0].Variants[v].Methods
	if len(first) == 0 {
		return nil, nil
	}
	out := make([]snapshot.Method, len(first))
	for k := range first {
		m := &out[k]
		m.Name = first[k].Name
		sum := percentile.New()
		for i, r := range rs {
			ms := r.Variants[v].Methods
			if len(ms) != len(first) || ms[k].Name != m.Name {
				return nil, fmt.Errorf("%s: variants[%d].methods differ from %s's", srcs[i], v, srcs[0])
			}
			x := &ms[k]
			m.Ops, m.Errors, m.Timeouts, m.FillDrainOps = m.Ops+x.Ops, m.Errors+x.Errors, m.Timeouts+x.Timeouts, m.FillDrainOps+x.FillDrainOps
			m.ThroughputOpsPerS += x.ThroughputOpsPerS
			h, err := bucketsOf(x.Histogram, x.LatencyMaxUs, x.LatencyMeanUs)
			if err != nil {
				return nil, fmt.Errorf("%s: variants[%d].methods[%d]: %w", srcs[i], v, k, err)
			}
			sum.Merge(h)
		}
		if all := m.Ops + m.Errors + m.FillDrainOps; all > 0 {
			m.ErrorRate = float64(m.Errors) / float64(all)
		}
		m.LatencyP50Us, m.LatencyP95Us, m.LatencyP99Us, m.LatencyP999Us = tails(sum)
		m.LatencyMaxUs, m.LatencyMeanUs = us(sum.Max()), sum.Mean()/1e3
		m.Histogram = buckets(sum)
	}
	return out, nil
}
