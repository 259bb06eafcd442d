package engine

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcptop/mcptop/correlation"
	"github.com/mcptop/mcptop/mcpwire"
	"github.com/mcptop/mcptop/registry"
	"github.com/mcptop/mcptop/workload"
)

// BenchmarkObserverShare measures what timing costs a workload: rounds of
// about 20 ms in which one worker runs bare (nothing timed) and rounds in
// which it runs as the engine runs it (every op counted, one in `every`
// timed, as a run would choose), interleaved so that drift in machine speed
// hits both alike. It reports the engine's extra time per op as a share of
// the bare op ("overhead-%"); the project's bound is 5 %. The e2e workload
// runs worker 0 of its default setting (one of its four connections).
//
//	go test -run '^$' -bench ObserverShare -count 5 ./engine
func BenchmarkObserverShare(b *testing.B) {
	obs := MeasureObserverCost()
	for _, w := range []workload.Workload{registry.Workload(), correlation.Workload(), mcpwire.E2EWorkload()} {
		for _, name := range w.Pair {
			im, _ := w.Impl(name)
			b.Run(w.Name+"/"+name, func(b *testing.B) {
				in, err := im.New(w.Defaults())
				if err != nil {
					b.Fatal(err)
				}
				defer in.Close()
				shareBench(b, obs, in.Worker(0))
			})
		}
	}
}

func shareBench(b *testing.B, obs time.Duration, op workload.Worker) {
	var stop atomic.Bool
	wk := &worker{op: op, stop: &stop}
	if p, ok := op.(workload.Pipeline); ok {
		wk.pipe = p
	}
	every := chooseEvery(obs, estimateOpCost(wk, 20*time.Millisecond))
	wk.smp = newSampler(every, 1)
	const round = 20 * time.Millisecond
	var bareT, engT time.Duration
	var bareN, engN int64
	for b.Loop() {
		d, n := timedRound(&stop, round, func() int64 { return bareRun(wk) })
		bareT, bareN = bareT+d, bareN+n
		d, n = timedRound(&stop, round, func() int64 {
			if wk.pipe != nil {
				wk.runPipeline()
			} else {
				wk.runOps()
			}
			r := wk.res
			wk.res.reset()
			if r.errs > 0 {
				b.Fatal(r.lastErr)
			}
			return r.ok + r.fillDrain
		})
		engT, engN = engT+d, engN+n
	}
	bare, eng := float64(bareT)/float64(bareN), float64(engT)/float64(engN)
	b.ReportMetric(bare, "bare-ns/op")
	b.ReportMetric(eng, "engine-ns/op")
	b.ReportMetric(100*(eng/bare-1), "overhead-%")
	b.ReportMetric(float64(every), "every")
}

// timedRound runs f until stop is set, about d after it started, and
// returns how long it ran and what it counted.
func timedRound(stop *atomic.Bool, d time.Duration, f func() int64) (time.Duration, int64) {
	stop.Store(false)
	t := time.AfterFunc(d, func() { stop.Store(true) })
	defer t.Stop()
	t0 := time.Now()
	n := f()
	return time.Since(t0), n
}

// bareRun runs w's ops (or its pipeline) with nothing timed and returns how
// many completed.
func bareRun(w *worker) int64 {
	if w.pipe != nil {
		var p probe
		w.pipe.Run(w.stop.Load, &p)
		return p.ops
	}
	var n int64
	for !w.stop.Load() {
		_ = w.op.Op()
		n++
	}
	return n
}
