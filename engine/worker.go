package engine

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/workload"
)

// worker is one goroutine of one variant. Between slices it is parked on
// start; the scheduler reads and resets its results only after the worker has
// sent itself on done, so nothing here needs a lock.
type worker struct {
	op    workload.Worker
	pipe  workload.Pipeline // non-nil when op is pipelined
	batch int
	stop  *atomic.Bool
	start chan struct{}
	done  chan<- *worker

	// results of the current slice
	h       percentile.Histogram
	ops     int64
	errs    int64
	lastErr error
}

func (w *worker) loop(wg *sync.WaitGroup) {
	defer wg.Done()
	for range w.start {
		if w.pipe != nil {
			w.runPipeline()
		} else {
			for !w.stop.Load() {
				w.runBatch()
			}
		}
		w.done <- w
	}
}

// runBatch runs and times one batch of ops; a panic ends the batch, counts as
// a failed op, and keeps its message. The loop keeps its count in a local so
// that the only per-op work besides the op is an increment in a register.
func (w *worker) runBatch() {
	n := 0
	defer func() {
		if p := recover(); p != nil {
			w.ops += int64(n) + 1
			w.errs++
			w.lastErr = fmt.Errorf("panic: %v", p)
		}
	}()
	op, b := w.op, w.batch
	t0 := time.Now()
	for ; n < b; n++ {
		if err := op.Op(); err != nil {
			w.errs++
			w.lastErr = err
		}
	}
	w.ops += int64(b)
	w.h.RecordN(int64(time.Since(t0))/int64(b), int64(b))
}

func (w *worker) runPipeline() {
	defer func() {
		if p := recover(); p != nil {
			w.errs++
			w.lastErr = fmt.Errorf("panic: %v", p)
		}
	}()
	ops, errs, last := w.pipe.Run(w.stop.Load, w)
	w.ops += ops
	w.errs += errs
	if last != nil {
		w.lastErr = last
	}
}

// Record implements workload.Recorder for pipelined workers.
func (w *worker) Record(d time.Duration) { w.h.Record(int64(d)) }

// resetSlice clears the slice results after the scheduler folded them.
func (w *worker) resetSlice() {
	w.h.Reset()
	w.ops, w.errs, w.lastErr = 0, 0, nil
}
