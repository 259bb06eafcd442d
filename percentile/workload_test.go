package percentile

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/mcptop/mcptop/workload"
)

func TestImplementationsAgree(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1_000, 10_000, 100_000, 1_000_000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			exact := exactOf(Window(n))
			for _, im := range Workload().Impls {
				in, err := im.New(workload.Params{"window": n})
				if err != nil {
					t.Fatal(err)
				}
				w := in.Worker(0)
				for range 2 { // repeat: state must not leak between ops
					if err := w.Op(); err != nil {
						t.Fatalf("%s: %v", im.Name, err)
					}
				}
				m := in.(*instance).m
				got := w.(*worker).out
				if e := maxRelErr(got, exact); e > m.bound {
					t.Errorf("%s: %v against exact %v: error %.4f above bound %.4f", im.Name, got, exact, e, m.bound)
				}
				if m.bound == 0 && !slices.Equal(got, exact) {
					t.Errorf("%s is exact but answered %v, want %v", im.Name, got, exact)
				}
				if im.Accuracy != nil {
					if e, err := im.Accuracy(workload.Params{"window": n}); err != nil || e != maxRelErr(got, exact) {
						t.Errorf("%s: Accuracy = %v, %v; the op's error is %v", im.Name, e, err, maxRelErr(got, exact))
					}
				}
				if err := in.Close(); err != nil {
					t.Fatal(err)
				}
			}
			if a, b := Window(n), Window(n); len(a) != n || !slices.Equal(a, b) {
				t.Error("window is not deterministic")
			}
		})
	}
}

func TestOpFailsBeyondBound(t *testing.T) {
	t.Parallel()
	in, err := Workload().Impls[3].New(workload.Params{"window": 1000})
	if err != nil {
		t.Fatal(err)
	}
	in.(*instance).exact[2]++ // pretend the exact p99 were higher by far more than the bound
	in.(*instance).exact[2] *= 2
	if err := in.Worker(0).Op(); err == nil || !strings.Contains(err.Error(), "more than its bound") {
		t.Fatalf("Op = %v, want an accuracy error", err)
	}
}

func TestSelectQuantiles(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name string
		gen  func(i int) int64
	}{
		{"random", func(int) int64 { return r.Int64N(1000) }},
		{"constant", func(int) int64 { return 7 }},
		{"ascending", func(i int) int64 { return int64(i) }},
		{"descending", func(i int) int64 { return int64(-i) }},
		{"two values", func(i int) int64 { return int64(i % 2) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, n := range []int{1, 2, 17, 1000, 4097} {
				v := make([]int64, n)
				for i := range v {
					v[i] = tc.gen(i)
				}
				want, got := make([]int64, 3), make([]int64, 3)
				SortedQuantiles(slices.Clone(v), workloadQuantiles, want)
				SelectQuantiles(v, workloadQuantiles, got)
				if !slices.Equal(got, want) {
					t.Fatalf("n=%d: select %v, sort %v", n, got, want)
				}
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

func benchWorkload(b *testing.B, im workload.Impl, n int) {
	in, err := im.New(workload.Params{"window": n})
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
		for _, im := range Workload().Impls {
			b.Run(fmt.Sprintf("window=%d/%s", n, im.Name), func(b *testing.B) { benchWorkload(b, im, n) })
		}
	}
}
