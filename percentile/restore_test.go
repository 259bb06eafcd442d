package percentile

import (
	"math/rand/v2"
	"testing"
)

func TestFromBucketsRebuilds(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	var a, b Histogram
	for range 20000 {
		a.Record(int64(rng.ExpFloat64() * 40_000))
		b.Record(int64(rng.ExpFloat64()*90_000) + 300)
	}
	var both Histogram
	both.Merge(&a)
	both.Merge(&b)
	qs := []float64{0, 0.5, 0.9, 0.99, 0.999, 1}
	for _, tc := range []struct {
		name string
		bs   []Bucket
		want *Histogram
	}{
		{"one", a.Buckets(), &a},
		{"two added", append(a.Buckets(), b.Buckets()...), &both},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := tc.want
			got, err := FromBuckets(tc.bs, w.Min(), w.Max(), w.Mean()*float64(w.Count()))
			if err != nil {
				t.Fatal(err)
			}
			if got.Count() != w.Count() || got.Min() != w.Min() || got.Max() != w.Max() {
				t.Fatalf("count/min/max %d/%d/%d, want %d/%d/%d", got.Count(), got.Min(), got.Max(), w.Count(), w.Min(), w.Max())
			}
			for _, q := range qs {
				if g, x := got.Quantile(q), w.Quantile(q); g != x {
					t.Errorf("q%v = %d, want %d", q, g, x)
				}
			}
		})
	}
}

func TestFromBucketsRefuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		bs         []Bucket
		minV, maxV int64
	}{
		{"not a bucket", []Bucket{{Lo: 1000, Hi: 1010, Count: 1}}, 1000, 1000},
		{"negative", []Bucket{{Lo: -1, Hi: -1, Count: 1}}, 0, 0},
		{"max outside", []Bucket{{Lo: 10, Hi: 10, Count: 2}}, 10, 11},
		{"min outside", []Bucket{{Lo: 10, Hi: 10, Count: 2}, {Lo: 12, Hi: 12, Count: 1}}, 9, 12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := FromBuckets(tc.bs, tc.minV, tc.maxV, 0); err == nil {
				t.Fatal("no error")
			}
		})
	}
}
