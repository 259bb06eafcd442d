package percentile

import (
	"math"
	"math/bits"
)

const (
	subBits    = 7
	subCount   = 1 << subBits     // buckets per power of two above the exact range
	exactCount = 2 * subCount     // values below this are stored exactly
	maxShift   = 42 - subBits - 1 // shift of the highest power of two covered
	numBuckets = exactCount + maxShift*subCount

	// MaxValue is the largest value a Histogram holds without clamping,
	// 2^42-1 ns (about 73 minutes).
	MaxValue int64 = 1<<42 - 1

	// RelativeError bounds |estimate-exact|/exact for any quantile of values
	// at or above 1 ns; values below 256 ns are exact.
	RelativeError = 1.0 / (2 * subCount)
)

// Estimator is what reads percentiles from recorded values.
type Estimator interface {
	Record(v int64)
	Quantile(q float64) int64
	Count() int64
	Reset()
}

var (
	_ Estimator = (*Histogram)(nil)
	_ Estimator = (*Exact)(nil)
)

// Histogram is a log-linear histogram of non-negative int64 values (ns).
// The zero value is empty and ready to use. It is not safe for concurrent use.
type Histogram struct {
	counts  [numBuckets]uint64
	lo, hi  int // lowest and highest bucket index in use; lo > hi when empty
	count   int64
	sum     float64
	min     int64
	max     int64
	clamped int64
	used    bool
}

// New returns an empty histogram.
func New() *Histogram { return &Histogram{} }

func index(v int64) int {
	if v < exactCount {
		return int(v)
	}
	shift := bits.Len64(uint64(v)) - subBits - 1
	return exactCount + (shift-1)*subCount + int(v>>uint(shift)) - subCount
}

// bucketRange returns the lowest value of bucket i and its width.
func bucketRange(i int) (lo, width int64) {
	if i < exactCount {
		return int64(i), 1
	}
	shift := (i-exactCount)/subCount + 1
	top := int64((i-exactCount)%subCount + subCount)
	return top << uint(shift), 1 << uint(shift)
}

// Record adds one value.
func (h *Histogram) Record(v int64) { h.RecordN(v, 1) }

// RecordN adds n occurrences of v (n ≤ 0 is ignored). Values below 0 or above
// MaxValue are clamped and counted in Clamped.
func (h *Histogram) RecordN(v int64, n int64) {
	if n <= 0 {
		return
	}
	if v < 0 || v > MaxValue {
		h.clamped += n
		v = max(0, min(v, MaxValue))
	}
	i := index(v)
	h.counts[i] += uint64(n)
	if !h.used {
		h.used, h.lo, h.hi, h.min, h.max = true, i, i, v, v
	} else {
		if i < h.lo {
			h.lo = i
		}
		if i > h.hi {
			h.hi = i
		}
		if v < h.min {
			h.min = v
		}
		if v > h.max {
			h.max = v
		}
	}
	h.count += n
	h.sum += float64(v) * float64(n)
}

// Merge adds every value recorded in o to h.
func (h *Histogram) Merge(o *Histogram) {
	if !o.used {
		return
	}
	for i := o.lo; i <= o.hi; i++ {
		h.counts[i] += o.counts[i]
	}
	if !h.used {
		h.used, h.lo, h.hi, h.min, h.max = true, o.lo, o.hi, o.min, o.max
	} else {
		h.lo, h.hi = min(h.lo, o.lo), max(h.hi, o.hi)
		h.min, h.max = min(h.min, o.min), max(h.max, o.max)
	}
	h.count += o.count
	h.sum += o.sum
	h.clamped += o.clamped
}

// Reset empties h, touching only the buckets in use.
func (h *Histogram) Reset() {
	if h.used {
		clear(h.counts[h.lo : h.hi+1])
	}
	h.lo, h.hi, h.count, h.sum, h.min, h.max, h.clamped, h.used = 0, 0, 0, 0, 0, 0, 0, false
}

// Count is the number of values recorded.
func (h *Histogram) Count() int64 { return h.count }

// Clamped is how many recorded values lay outside 0..MaxValue.
func (h *Histogram) Clamped() int64 { return h.clamped }

// Min is the smallest value recorded (after clamping), 0 when empty.
func (h *Histogram) Min() int64 { return h.min }

// Max is the largest value recorded (after clamping), 0 when empty.
func (h *Histogram) Max() int64 { return h.max }

// Mean is the exact mean of the values recorded, 0 when empty.
func (h *Histogram) Mean() float64 {
	if h.count == 0 {
		return 0
	}
	return h.sum / float64(h.count)
}

// rank is the 1-based nearest rank of quantile q among n values.
func rank(q float64, n int64) int64 {
	if math.IsNaN(q) || q <= 0 {
		return 1
	}
	r := int64(math.Ceil(q * float64(n)))
	return max(1, min(r, n))
}

// Quantile returns the q-quantile (0 ≤ q ≤ 1) by nearest rank, within
// RelativeError of the exact value; 0 when empty.
func (h *Histogram) Quantile(q float64) int64 {
	var out [1]int64
	h.Quantiles([]float64{q}, out[:])
	return out[0]
}

// Quantiles fills out[i] with the qs[i]-quantile in one pass; qs must be
// ascending and out at least as long as qs.
func (h *Histogram) Quantiles(qs []float64, out []int64) {
	if h.count == 0 {
		clear(out[:len(qs)])
		return
	}
	j := 0
	var seen int64
	want := rank(qs[0], h.count)
	for i := h.lo; i <= h.hi && j < len(qs); i++ {
		seen += int64(h.counts[i])
		for j < len(qs) && seen >= want {
			out[j] = h.value(i)
			j++
			if j < len(qs) {
				want = rank(qs[j], h.count)
			}
		}
	}
	for ; j < len(qs); j++ {
		out[j] = h.max
	}
}

// value is the representative of bucket i: its midpoint, kept within the
// recorded min and max.
func (h *Histogram) value(i int) int64 {
	lo, w := bucketRange(i)
	v := lo + w/2
	if w == 1 {
		v = lo
	}
	return max(h.min, min(v, h.max))
}

// Bucket is one non-empty bucket: values in [Lo, Hi] were seen Count times.
type Bucket struct {
	Lo, Hi int64
	Count  uint64
}

// Buckets returns the non-empty buckets in ascending order.
func (h *Histogram) Buckets() []Bucket {
	if !h.used {
		return nil
	}
	var out []Bucket
	for i := h.lo; i <= h.hi; i++ {
		if c := h.counts[i]; c > 0 {
			lo, w := bucketRange(i)
			out = append(out, Bucket{Lo: lo, Hi: lo + w - 1, Count: c})
		}
	}
	return out
}
