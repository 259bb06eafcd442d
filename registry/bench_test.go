package registry

import (
	"strconv"
	"sync"
	"testing"
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
// every implementation, as the engine runs it: one Worker per goroutine, over a
// registry prefilled with the default 10,000 names. ns/op is wall time over
// all goroutines' ops, the inverse of throughput.
func BenchmarkOp(b *testing.B) {
	for _, im := range Workload().Impls {
		for _, g := range benchGoroutines {
			b.Run(im.Name+"/goroutines="+strconv.Itoa(g), func(b *testing.B) {
				in, err := im.New(Workload().Defaults())
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
