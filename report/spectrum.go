package report

import (
	"errors"
	"fmt"
	"math"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/units"
)

// The percentile spectrum (HdrHistogram's plot): x is the percentile on a
// log scale of 1/(1−q), so p50, p90, p99, p99.9 and p99.99 are equally far
// apart and the tail gets the room it deserves; y is the latency at that
// percentile, on a log axis.
const (
	spectrumQ0     = 0.5    // where the x axis starts
	spectrumQ1     = 0.9999 // where it ends
	spectrumPoints = 240    // quantiles read per curve
	// spectrumRoom is the x axis past p99.99, so its label fits.
	spectrumRoom = 0.08
)

// spectrumTicks label the x axis at p50, p90, p99, p99.9 and p99.99.
var spectrumTicks = []xTick{
	{spectrumX(0.5), "p50"}, {1, "p90"}, {2, "p99"}, {3, "p99.9"}, {4, "p99.99"},
}

// spectrumX is where quantile q lies on the x axis: log10(1/(1−q)).
func spectrumX(q float64) float64 { return -math.Log10(1 - q) }

// spectrumChart draws each variant's latency distribution after warm-up,
// from its latency_histogram, as a percentile spectrum: the nearest-rank
// quantiles of the histogram the buckets rebuild (percentile.FromBuckets),
// read at spectrumPoints places from p50 to p99.99, each curve ending at
// the highest percentile its ops resolve (1 − 1/n). The legend names each
// side's implementation and says how many ops its curve is of and whether
// they were every op or a random sample. A v1 run that timed batches is not
// drawn: a batch mean is not an op's latency.
func spectrumChart(r *snapshot.Run) *chart {
	c := &chart{
		title: "Latency distribution after warm-up (percentile spectrum)", xTitle: "percentile (log scale of 1/(1−q))",
		yTitle: "latency (log scale)", x0: spectrumX(spectrumQ0), x1: spectrumX(spectrumQ1) + spectrumRoom,
		yLabel: units.ShortDuration, logY: true, xTicks: spectrumTicks,
	}
	for v := range r.Variants {
		vr := &r.Variants[v]
		l := line{color: variantColour[v%2], step: true}
		pts, what := spectrum(r, vr)
		l.name = sideLetter(v) + " " + vr.Impl + ": " + what
		l.pts = pts
		c.lines = append(c.lines, l)
	}
	return c
}

// sideLetter is "A" or "B".
func sideLetter(v int) string { return string(rune('A' + v)) }

// spectrum returns the curve of one side and what it is of, or why there
// is none.
func spectrum(r *snapshot.Run, vr *snapshot.VariantRun) ([]pt, string) {
	if r.Tails == snapshot.TailsBatchMean {
		return nil, "not drawn: v1 timed batches, and a batch mean is not an op's latency"
	}
	h, err := rebuild(vr)
	if err != nil {
		return nil, "not drawn: " + err.Error()
	}
	n := h.Count()
	if n == 0 {
		return nil, "no successful op after warm-up"
	}
	what := units.Count(n) + " ops, every op timed"
	if r.Tails == snapshot.TailsPerOpSampled {
		what = fmt.Sprintf("%s timed of %s ops (a random sample, 1 in %d)", units.Count(n), units.Count(vr.Summary.Ops), r.TimedEvery)
	}
	top := math.Min(spectrumX(spectrumQ1), math.Log10(float64(n))) // q ≤ 1 − 1/n
	what += ", max " + units.Micros(vr.Summary.LatencyMaxUs)
	if top < spectrumX(spectrumQ1) {
		what += "; too few ops for p99.99: the curve ends at 1 − 1/n"
	}
	if top <= spectrumX(spectrumQ0) {
		return nil, what + ": too few for a spectrum"
	}
	qs := make([]float64, spectrumPoints)
	x0 := spectrumX(spectrumQ0)
	for i := range qs {
		qs[i] = 1 - math.Pow(10, -(x0+(top-x0)*float64(i)/float64(len(qs)-1)))
	}
	qs[len(qs)-1] = math.Min(qs[len(qs)-1], 1-1/float64(n)) // no float drift past the last rank
	vals := make([]int64, len(qs))
	h.Quantiles(qs, vals)
	pts := make([]pt, len(qs))
	for i, q := range qs {
		pts[i] = pt{spectrumX(q), float64(max(vals[i], 1))} // a log axis has no 0; 1 ns is the histogram's floor
	}
	return pts, what
}

// bucketOf reads a snapshot's bucket as the histogram's.
func bucketOf(b snapshot.Bucket) percentile.Bucket {
	return percentile.Bucket{Lo: b.LoNs, Hi: b.HiNs, Count: b.Count}
}

// rebuild is the side's latency histogram from its buckets: the lowest
// bucket's floor stands for the min (the snapshot keeps no min), and the
// summary's max, kept within the highest bucket, for the max.
func rebuild(vr *snapshot.VariantRun) (*percentile.Histogram, error) {
	bs := vr.Histogram
	if len(bs) == 0 {
		return percentile.New(), nil
	}
	last := bs[len(bs)-1]
	maxNs := min(max(int64(math.Round(vr.Summary.LatencyMaxUs*1e3)), last.LoNs), last.HiNs)
	h, err := percentile.FromBucketsOf(bs, bucketOf, bs[0].LoNs, maxNs, vr.Summary.LatencyMeanUs*1e3)
	if err != nil {
		return nil, errors.New("its latency_histogram is not of mcptop's layout")
	}
	return h, nil
}
