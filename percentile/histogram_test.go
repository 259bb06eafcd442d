package percentile

import (
	"math"
	"math/rand/v2"
	"testing"
)

var quantiles = []float64{0.5, 0.95, 0.99, 0.999}

func dataset(t testing.TB, kind string, n int, r *rand.Rand) []int64 {
	t.Helper()
	out := make([]int64, n)
	for i := range out {
		var v float64
		switch kind {
		case "uniform":
			v = 1 + r.Float64()*1e6
		case "lognormal":
			v = math.Exp(math.Log(50e3) + 0.9*r.NormFloat64())
		case "bimodal":
			if r.IntN(10) < 8 {
				v = 2e3 + r.NormFloat64()*100
			} else {
				v = 4e6 + r.NormFloat64()*1e5
			}
		case "constant":
			v = 12345
		case "tiny":
			v = float64(r.IntN(300))
		default:
			t.Fatalf("unknown dataset %q", kind)
		}
		out[i] = max(0, int64(v))
	}
	return out
}

func TestQuantilesWithinBound(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"uniform", "lognormal", "bimodal", "constant", "tiny"} {
		for _, n := range []int{10, 1000, 100_000, 1_000_000} {
			t.Run(kind+"/"+itoa(n), func(t *testing.T) {
				t.Parallel()
				r := rand.New(rand.NewPCG(uint64(n), 7))
				data := dataset(t, kind, n, r)
				var h Histogram
				var e Exact
				for _, v := range data {
					h.Record(v)
					e.Record(v)
				}
				if h.Count() != int64(n) {
					t.Fatalf("count = %d, want %d", h.Count(), n)
				}
				for _, q := range quantiles {
					got, want := h.Quantile(q), e.Quantile(q)
					if err := RelErr(got, want); err > RelativeError {
						t.Errorf("q%.3f: histogram %d, exact %d, relative error %.4f > %.4f", q, got, want, err, RelativeError)
					}
				}
				if h.Max() != e.Quantile(1) || h.Min() != e.Quantile(0) {
					t.Errorf("min/max = %d/%d, want %d/%d", h.Min(), h.Max(), e.Quantile(0), e.Quantile(1))
				}
			})
		}
	}
}

func itoa(n int) string {
	switch {
	case n >= 1_000_000:
		return "1e6"
	case n >= 100_000:
		return "1e5"
	case n >= 1000:
		return "1e3"
	}
	return "10"
}

func TestEdgeCases(t *testing.T) {
	t.Parallel()
	t.Run("empty", func(t *testing.T) {
		var h Histogram
		if h.Count() != 0 || h.Quantile(0.5) != 0 || h.Mean() != 0 || h.Min() != 0 || h.Max() != 0 || h.Buckets() != nil {
			t.Fatalf("empty histogram not zero: %+v", h.Buckets())
		}
	})
	t.Run("one sample", func(t *testing.T) {
		var h Histogram
		h.Record(123_456_789)
		for _, q := range []float64{0, 0.5, 0.99, 1} {
			if got := h.Quantile(q); got != 123_456_789 {
				t.Errorf("q%v = %d, want the only sample (min/max clamp)", q, got)
			}
		}
	})
	t.Run("zeros", func(t *testing.T) {
		var h Histogram
		h.RecordN(0, 5)
		if h.Quantile(0.99) != 0 || h.Count() != 5 || h.Clamped() != 0 {
			t.Fatalf("zeros: q99=%d count=%d clamped=%d", h.Quantile(0.99), h.Count(), h.Clamped())
		}
	})
	t.Run("out of range clamped and counted", func(t *testing.T) {
		var h Histogram
		h.Record(-5)
		h.Record(MaxValue + 1_000_000)
		h.Record(100)
		if h.Count() != 3 || h.Clamped() != 2 {
			t.Fatalf("count=%d clamped=%d, want 3 and 2", h.Count(), h.Clamped())
		}
		if h.Min() != 0 || h.Max() != MaxValue {
			t.Fatalf("min/max = %d/%d, want 0/%d", h.Min(), h.Max(), MaxValue)
		}
	})
	t.Run("one hour is in range", func(t *testing.T) {
		var h Histogram
		hour := int64(3600e9)
		h.Record(hour)
		if h.Clamped() != 0 || RelErr(h.Quantile(0.5), hour) > RelativeError {
			t.Fatalf("1h: clamped=%d q50=%d", h.Clamped(), h.Quantile(0.5))
		}
	})
	t.Run("weighted record", func(t *testing.T) {
		var h Histogram
		h.RecordN(1000, 99)
		h.RecordN(1_000_000, 1)
		if RelErr(h.Quantile(0.99), 1000) > RelativeError || RelErr(h.Quantile(0.995), 1_000_000) > RelativeError {
			t.Fatalf("q99=%d q995=%d", h.Quantile(0.99), h.Quantile(0.995))
		}
		if m := h.Mean(); math.Abs(m-(99*1000+1e6)/100) > 1e-6 {
			t.Fatalf("mean = %v", m)
		}
	})
}

func TestMergeEqualsRecordingAll(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	var a, b, all Histogram
	for i := range 50_000 {
		v := dataset(t, "lognormal", 1, r)[0]
		if i%3 == 0 {
			a.Record(v)
		} else {
			b.Record(v)
		}
		all.Record(v)
	}
	a.Merge(&b)
	if a.Count() != all.Count() || a.Min() != all.Min() || a.Max() != all.Max() || a.counts != all.counts {
		t.Fatal("merged histogram differs from one that recorded everything")
	}
	a.Reset()
	if a.Count() != 0 || a.counts != ([numBuckets]uint64{}) {
		t.Fatal("Reset left data behind")
	}
	a.Merge(&Histogram{}) // merging empty is a no-op
	if a.Count() != 0 {
		t.Fatal("merging empty histogram added data")
	}
}

func TestBucketsCoverEveryValue(t *testing.T) {
	t.Parallel()
	for _, v := range []int64{0, 1, 255, 256, 257, 511, 512, 1e3, 1e6, 1e9, 3600e9, MaxValue} {
		lo, w := bucketRange(index(v))
		if v < lo || v >= lo+w {
			t.Errorf("value %d outside its bucket [%d,%d)", v, lo, lo+w)
		}
		if v >= 256 && float64(w)/float64(lo) > 1.0/subCount+1e-12 {
			t.Errorf("bucket of %d too wide: %d/%d", v, w, lo)
		}
	}
	if index(MaxValue) != numBuckets-1 {
		t.Fatalf("index(MaxValue) = %d, want %d", index(MaxValue), numBuckets-1)
	}
}

func TestRecordDoesNotAllocate(t *testing.T) {
	var h Histogram
	if n := testing.AllocsPerRun(1000, func() { h.Record(12345) }); n != 0 {
		t.Fatalf("Record allocates %v times", n)
	}
}

func BenchmarkRecord(b *testing.B) {
	var h Histogram
	v := int64(1)
	for b.Loop() {
		h.Record(v)
		v = (v*7 + 13) & (1<<30 - 1)
	}
}

func BenchmarkMerge(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	var src, dst Histogram
	for range 100_000 {
		src.Record(dataset(b, "lognormal", 1, r)[0])
	}
	for b.Loop() {
		dst.Merge(&src)
	}
}

func BenchmarkThreeQuantiles(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	var h Histogram
	for range 100_000 {
		h.Record(dataset(b, "lognormal", 1, r)[0])
	}
	qs := []float64{0.5, 0.95, 0.99}
	out := make([]int64, 3)
	for b.Loop() {
		h.Quantiles(qs, out)
	}
}
