package engine

import (
	"sync/atomic"
	"testing"

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
	for _, v := range workload.Variants {
		in, err := w.New(v, w.Defaults())
		if err != nil {
			b.Fatal(err)
		}
		op := in.Worker(0)
		b.Run(v.String()+"/bare", func(b *testing.B) {
			for b.Loop() {
				if err := op.Op(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(v.String()+"/engine", func(b *testing.B) {
			var stop atomic.Bool
			wk := &worker{op: op, stop: &stop, batch: chooseBatch(obs, estimateOpCost(op, 20e6))}
			b.ResetTimer()
			for n := 0; n < b.N; n += wk.batch {
				wk.runBatch()
			}
			b.ReportMetric(float64(wk.batch), "ops/batch")
			if wk.errs > 0 {
				b.Fatal(wk.lastErr)
			}
		})
		in.Close()
	}
}
