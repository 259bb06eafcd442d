package percentile

import (
	"fmt"
	"slices"
	"testing"

	"github.com/mcptop/mcptop/workload"
)

func TestWorkloadVariantsAgree(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1_000, 10_000, 100_000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			var outs [2][]int64
			for _, v := range workload.Variants {
				in, err := Workload().New(v, workload.Params{"window": n})
				if err != nil {
					t.Fatal(err)
				}
				w := in.Worker(0)
				for range 3 { // repeat: state must not leak between ops
					if err := w.Op(); err != nil {
						t.Fatalf("%v: %v", v, err)
					}
				}
				switch w := w.(type) {
				case *sortWorker:
					outs[v] = w.out
				case *histogramWorker:
					outs[v] = w.out
				}
				if err := in.Close(); err != nil {
					t.Fatal(err)
				}
			}
			for i, q := range workloadQuantiles {
				if e := RelErr(outs[workload.Optimised][i], outs[workload.Baseline][i]); e > RelativeError {
					t.Errorf("q%.2f: optimised %d vs baseline %d, relative error %.4f", q, outs[1][i], outs[0][i], e)
				}
			}
			if a, b := Window(n), Window(n); len(a) != n || !slices.Equal(a, b) {
				t.Error("window is not deterministic")
			}
		})
	}
}

func TestWorkloadParams(t *testing.T) {
	t.Parallel()
	w := Workload()
	if err := w.Validate(w.Defaults()); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	for _, bad := range []workload.Params{{"window": 0}, {"window": 2_000_000}, {"size": 10}} {
		if err := w.Validate(bad); err == nil {
			t.Errorf("Validate(%v) accepted", bad)
		}
	}
}

func benchWorkload(b *testing.B, v workload.Variant, n int) {
	in, err := Workload().New(v, workload.Params{"window": n})
	if err != nil {
		b.Fatal(err)
	}
	w := in.Worker(0)
	b.ReportAllocs()
	for b.Loop() {
		if err := w.Op(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWorkload(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		for _, v := range workload.Variants {
			b.Run(fmt.Sprintf("window=%d/%v", n, v), func(b *testing.B) { benchWorkload(b, v, n) })
		}
	}
}
