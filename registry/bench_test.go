package registry

import (
	"strconv"
	"sync"
	"testing"

	"github.com/mcptop/mcptop/workload"
)

// benchGoroutines are the caller counts every benchmark runs at.
var benchGoroutines = []int{1, 2, 8, 64}

// runOps runs b.N ops split over len(ops) goroutines, one op function each,
// and fails the benchmark on the first error.
func runOps(b *testing.B, ops []func() error) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	var wg sync.WaitGroup
	for i, op := range ops {
		n := b.N / len(ops)
		if i < b.N%len(ops) {
			n++
		}
		wg.Go(func() {
			for range n {
				if err := op(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkOp measures the workload's op (register, look up, unregister) for
// both variants, as the engine runs it: one Worker per goroutine, over a
// registry prefilled with the default 10,000 names. ns/op is wall time over
// all goroutines' ops, the inverse of throughput.
func BenchmarkOp(b *testing.B) {
	for _, v := range workload.Variants {
		for _, g := range benchGoroutines {
			b.Run(v.String()+"/goroutines="+strconv.Itoa(g), func(b *testing.B) {
				in, err := Workload().New(v, Workload().Defaults())
				if err != nil {
					b.Fatal(err)
				}
				defer in.Close()
				ops := make([]func() error, g)
				for i := range ops {
					ops[i] = in.Worker(i).Op
				}
				runOps(b, ops)
			})
		}
	}
}

// BenchmarkCandidates compares the shared tables Sharded was chosen among,
// on the same op and prefill as BenchmarkOp, called directly rather than
// through a Worker.
func BenchmarkCandidates(b *testing.B) {
	for _, impl := range implementations {
		if impl.name == "server" {
			continue // measured by BenchmarkOp's baseline
		}
		for _, g := range benchGoroutines {
			b.Run(impl.name+"/goroutines="+strconv.Itoa(g), func(b *testing.B) {
				r := impl.new()
				defer r.Close()
				for i := range Workload().Defaults()["prefill"] {
					if err := r.Register("prefill/"+strconv.Itoa(i), prefillOwner); err != nil {
						b.Fatal(err)
					}
				}
				ops := make([]func() error, g)
				for i := range ops {
					w := &worker{reg: r, owner: Owner(i + 1), keys: make([]string, ringSize)}
					for j := range w.keys {
						w.keys[j] = "w" + strconv.Itoa(i) + "/" + strconv.Itoa(j)
					}
					ops[i] = w.Op
				}
				runOps(b, ops)
			})
		}
	}
}
