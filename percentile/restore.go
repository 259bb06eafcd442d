package percentile

import "fmt"

// FromBuckets rebuilds a histogram from its non-empty buckets, as Buckets
// returns them (a snapshot keeps them), and what Buckets does not keep: the
// smallest and largest value recorded and their sum. Quantiles of the
// result are those of the histogram the buckets came from when minV, maxV
// and sum are its own; buckets of several histograms give their Merge.
// Buckets may come in any order and repeat (counts add). It fails when a
// bucket's [Lo, Hi] is not exactly one bucket of this layout, or minV and
// maxV do not lie in the lowest and highest bucket.
func FromBuckets(bs []Bucket, minV, maxV int64, sum float64) (*Histogram, error) {
	h := New()
	for _, b := range bs {
		if b.Count == 0 {
			continue
		}
		if b.Lo < 0 || b.Lo > MaxValue {
			return nil, fmt.Errorf("bucket [%d, %d]: outside 0..%d", b.Lo, b.Hi, MaxValue)
		}
		i := index(b.Lo)
		if lo, w := bucketRange(i); lo != b.Lo || lo+w-1 != b.Hi {
			return nil, fmt.Errorf("bucket [%d, %d] is not a bucket of this histogram (the one holding %d is [%d, %d])",
				b.Lo, b.Hi, b.Lo, lo, lo+w-1)
		}
		h.counts[i] += b.Count
		if !h.used {
			h.used, h.lo, h.hi = true, i, i
		}
		h.lo, h.hi = min(h.lo, i), max(h.hi, i)
		h.count += int64(b.Count)
	}
	if !h.used {
		return h, nil
	}
	if index(minV) != h.lo || minV < 0 || index(maxV) != h.hi || maxV > MaxValue {
		return nil, fmt.Errorf("min %d and max %d do not lie in the lowest and highest buckets", minV, maxV)
	}
	h.min, h.max, h.sum = minV, maxV, sum
	return h, nil
}

// FromBucketsOf is FromBuckets for buckets kept in another type, such as a
// snapshot's: bucket reads each one, and mean, the mean of the values
// recorded, stands for their sum. An empty bs gives an empty histogram.
func FromBucketsOf[B any](bs []B, bucket func(B) Bucket, minV, maxV int64, mean float64) (*Histogram, error) {
	pb := make([]Bucket, len(bs))
	var n uint64
	for i, b := range bs {
		pb[i] = bucket(b)
		n += pb[i].Count
	}
	return FromBuckets(pb, minV, maxV, mean*float64(n))
}
