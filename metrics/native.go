package metrics

import (
	"math"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// NativeSchema is the resolution of the native histogram exported beside
// the classic buckets: native bucket i holds latencies in seconds from
// 2^((i-1)/128) (excluded) to 2^(i/128), so each is 0.54 % wide, about as
// fine as the engine's own buckets (0.39-0.78 %). Summed over a fleet,
// histogram_quantile on it lands within about 1 % of the ops' quantile,
// where the classic 1-2.5-5 buckets can be off by more than 2×.
const NativeSchema = 7

// native is a series' native histogram: bucket counts since the exporter
// started, by native bucket index.
type native struct {
	buckets map[int]int64
	zero    uint64 // latencies of exactly 0 (the zero bucket's threshold is 0)
}

// add counts n latencies of v seconds.
func (h *native) add(v float64, n uint64) {
	if v <= 0 {
		h.zero += n
		return
	}
	h.buckets[nativeIndex(v)] += int64(n)
}

// nativeIndex is the index of the NativeSchema bucket holding v > 0.
func nativeIndex(v float64) int {
	const per = 1 << NativeSchema // buckets per power of two
	i := int(math.Ceil(math.Log2(v) * per))
	// Log2 rounds; settle a value next to a boundary by the bounds
	// themselves.
	for v > math.Exp2(float64(i)/per) {
		i++
	}
	for v <= math.Exp2(float64(i-1)/per) {
		i--
	}
	return i
}

// histogram is the series' latency histogram: the native buckets, with
// the classic cumulative buckets (Buckets) beside them in the same metric,
// so a Prometheus that ingests native histograms gets both and one that
// does not still gets the classic ones.
func (s *series) histogram(d *prometheus.Desc) prometheus.Metric {
	m, err := prometheus.NewConstNativeHistogram(d, s.count, s.sum, s.native.buckets, nil, s.native.zero,
		NativeSchema, 0, s.created, s.labels...)
	if err != nil {
		return prometheus.NewInvalidMetric(d, err)
	}
	classic := make([]*dto.Bucket, len(Buckets))
	var c uint64
	for i := range Buckets {
		c += s.buckets[i]
		cum, le := c, Buckets[i]
		classic[i] = &dto.Bucket{CumulativeCount: &cum, UpperBound: &le}
	}
	return withClassic{m, classic}
}

// withClassic is a native histogram that also writes classic buckets.
type withClassic struct {
	prometheus.Metric
	classic []*dto.Bucket
}

// Write implements prometheus.Metric.
func (m withClassic) Write(out *dto.Metric) error {
	if err := m.Metric.Write(out); err != nil {
		return err
	}
	out.Histogram.Bucket = m.classic
	return nil
}
