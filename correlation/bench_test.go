package correlation

import (
	"fmt"
	"github.com/mcptop/mcptop/workload"
	"sync"
	"testing"
)

// countRec counts operations, allocation-free, and times none of them.
type countRec struct{ n, errs int64 }

func (r *countRec) Gap() int { return 1 << 30 }
func (r *countRec) Timed(t workload.Timing) {
	r.n++
	if t.Err != nil {
		r.errs++
	}
}
func (r *countRec) Untimed(c workload.Counts) { r.n += c.Ops; r.errs += c.Errs }
func (r *countRec) Full()                     {}
func (r *countRec) Draining()                 {}

// BenchmarkRoundTrip measures one pipelined request round trip through each
// table at each depth: ns/op is wall time per completed request.
func BenchmarkRoundTrip(b *testing.B) {
	for k := range numKinds {
		for _, depth := range []int{1, 100, 1000, 10_000} {
			b.Run(fmt.Sprintf("%s/depth=%d", k.Name(), depth), func(b *testing.B) {
				c := newClient(k, DefaultResponders, 0)
				defer c.Close()
				p := newPipe(c, depth)
				// Warm up: grow the map, fill the batch free list.
				var warm countRec
				p.Run(stopAfter(int64(4*depth)), &warm)
				var rec countRec
				target := int64(b.N) - int64(depth)
				b.ReportAllocs()
				b.ResetTimer()
				p.Run(stopAfter(target), &rec)
				b.StopTimer()
				if rec.errs != 0 {
					b.Fatalf("%d errors", rec.errs)
				}
			})
		}
	}
}

// stopAfter is a pipeline's stop function that says yes on its n-th call,
// which a pipeline makes once per completion.
func stopAfter(n int64) func() bool {
	calls := int64(0)
	return func() bool { calls++; return calls >= n }
}

// inFlight is the number of pending entries the table benchmarks hold.
const inFlight = 10_000

// BenchmarkTable measures the bare tables at 10,000 in flight: one insert of
// a new request and one take of the oldest, per op.
func BenchmarkTable(b *testing.B) {
	b.Run("owner-map", func(b *testing.B) {
		// What the owner goroutine does: plain map, no lock (it owns it).
		m := make(map[uint64]*waiter)
		ws := make([]waiter, inFlight)
		var next uint64
		for i := range ws {
			next++
			m[next] = &ws[i]
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			old := next - inFlight + 1
			w, ok := m[old]
			if !ok {
				b.Fatal("missing")
			}
			delete(m, old)
			next++
			m[next] = w
		}
	})
	b.Run("mutex-map", func(b *testing.B) {
		var mu sync.Mutex
		m := make(map[uint64]*waiter)
		ws := make([]waiter, inFlight)
		var next uint64
		for i := range ws {
			next++
			m[next] = &ws[i]
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			old := next - inFlight + 1
			mu.Lock()
			w, ok := m[old]
			delete(m, old)
			mu.Unlock()
			if !ok {
				b.Fatal("missing")
			}
			mu.Lock()
			next++
			m[next] = w
			mu.Unlock()
		}
	})
	b.Run("slot-ring", func(b *testing.B) {
		r := newSlotRing(nil)
		ws := make([]waiter, inFlight)
		ids := make([]uint64, inFlight)
		for i := range ws {
			r.bind(&ws[i])
			ids[i] = r.register(&ws[i])
		}
		b.ReportAllocs()
		b.ResetTimer()
		j := 0
		for i := 0; i < b.N; i++ {
			w := r.take(ids[j])
			if w == nil {
				b.Fatal("missing")
			}
			ids[j] = r.register(w)
			j++
			if j == inFlight {
				j = 0
			}
		}
	})
}
