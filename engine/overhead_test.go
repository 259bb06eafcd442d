package engine

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcptop/mcptop/registry"
	"github.com/mcptop/mcptop/workload"
)

// BenchmarkObserverOverhead runs the registry op in a bare loop and through
// the engine's timed worker loop (batch chosen as a run would choose it);
// the ns/op difference is what observing costs. Compare the pairs:
//
//	go test -run '^$' -bench ObserverOverhead -benchmem -count 6 ./engine
func BenchmarkObserverOverhead(b *testing.B) {
	obs := MeasureObserverCost()
	w := registry.Workload()
	var ins [2]workload.Instance
	var ops [2]workload.Worker
	for v := range ins {
		in, err := w.New(workload.Variants[v], w.Defaults())
		if err != nil {
			b.Fatal(err)
		}
		ins[v], ops[v] = in, in.Worker(0)
	}
	// One batch for both variants, from the cheaper op, as a run chooses it.
	batch := chooseBatch(obs, min(estimateOpCost(ops[0], 20e6), estimateOpCost(ops[1], 20e6)))
	for i, v := range workload.Variants {
		op := ops[i]
		b.Run(v.String()+"/bare", func(b *testing.B) {
			for b.Loop() {
				if err := op.Op(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(v.String()+"/engine", func(b *testing.B) {
			var stop atomic.Bool
			wk := &worker{op: op, stop: &stop, batch: batch}
			b.ResetTimer()
			for n := 0; n < b.N; n += wk.batch {
				wk.runBatch()
			}
			b.ReportMetric(float64(wk.batch), "ops/batch")
			if wk.errs > 0 {
				b.Fatal(wk.lastErr)
			}
		})
		ins[i].Close()
	}
}

// BenchmarkObserverShare interleaves the two loops of
// BenchmarkObserverOverhead in rounds of 8192 ops, so that drift in machine
// speed hits both alike, and reports the engine's extra time as a share of
// the bare op ("overhead-%"); the project's bound is 5 %.
func BenchmarkObserverShare(b *testing.B) {
	obs := MeasureObserverCost()
	w := registry.Workload()
	for _, v := range workload.Variants {
		b.Run(v.String(), func(b *testing.B) {
			in, err := w.New(v, w.Defaults())
			if err != nil {
				b.Fatal(err)
			}
			defer in.Close()
			op := in.Worker(0)
			var stop atomic.Bool
			wk := &worker{op: op, stop: &stop, batch: chooseBatch(obs, estimateOpCost(op, 20e6))}
			const round = 8192
			var bare, timed time.Duration
			for b.Loop() {
				t0 := time.Now()
				for range round {
					_ = op.Op()
				}
				t1 := time.Now()
				for n := 0; n < round; n += wk.batch {
					wk.runBatch()
				}
				bare, timed = bare+t1.Sub(t0), timed+time.Since(t1)
			}
			b.ReportMetric(float64(bare)/float64(b.N*round), "bare-ns/op")
			b.ReportMetric(float64(timed)/float64(b.N*round), "engine-ns/op")
			b.ReportMetric(100*(float64(timed)/float64(bare)-1), "overhead-%")
			b.ReportMetric(float64(wk.batch), "ops/batch")
		})
	}
}
