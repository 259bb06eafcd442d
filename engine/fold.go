package engine

import (
	"time"

	"github.com/mcptop/mcptop/workload"
)

// usage is what the process used up to a moment: heap allocation (exact:
// runtime.ReadMemStats flushes every P's cache) and CPU time.
type usage struct {
	allocBytes, allocObjs uint64
	cpu                   time.Duration
}

func (u usage) sub(o usage) usage {
	return usage{u.allocBytes - o.allocBytes, u.allocObjs - o.allocObjs, u.cpu - o.cpu}
}

func (u usage) add(o usage) usage {
	return usage{u.allocBytes + o.allocBytes, u.allocObjs + o.allocObjs, u.cpu + o.cpu}
}

// tickAcc accumulates one variant's current second, slice by slice.
type tickAcc struct {
	latencies
	bytesPer int64 // payload bytes an op moves
	tickCounts
}

// tickCounts are a tickAcc's figures besides its histograms.
type tickCounts struct {
	opCounts
	timed int64
	sched workload.Schedule // an open loop's timetable

	active time.Duration // steady running time (the workers' mean per slice)
	edges  time.Duration // filling and draining time (likewise)
	wall   time.Duration // length of the variant's turns
	turns  int

	use    usage // while the variant ran (both variants' in parallel mode)
	useOps int64 // every op completed meanwhile, for per-op figures

	// the server the variant drives, if it can be measured: CPU over the
	// variant's turns and resident memory at the end of the newest
	server      workload.ServerUsage
	serverKnown bool

	lastErr string
}

// clear empties the accumulator for the next second.
func (t *tickAcc) clear() {
	t.latencies.reset()
	t.tickCounts = tickCounts{}
}

// fold adds one slice's results of a variant's workers, which ran for wall.
func (t *tickAcc) fold(ws []*worker, wall time.Duration) {
	var steady, edges time.Duration
	var nSteady, nEdges int
	for _, w := range ws {
		r := &w.res
		t.opCounts.add(r.opCounts)
		t.timed += r.timed
		t.latencies.add(&r.latencies)
		t.sched.Add(r.sched)
		if r.lastErr != nil {
			t.lastErr = r.lastErr.Error()
		}
		if r.steady > 0 {
			steady += r.steady
			nSteady++
		}
		if r.steady+r.edges > 0 {
			edges += r.edges
			nEdges++
		}
		r.reset()
	}
	if nSteady > 0 {
		t.active += steady / time.Duration(nSteady)
	}
	if nEdges > 0 {
		t.edges += edges / time.Duration(nEdges)
	}
	t.wall += wall
	t.turns++
}

// sample turns the accumulated second into a Sample.
func (t *tickAcc) sample(tick int, now time.Time, warm bool) Sample {
	var q [3]int64
	t.h.Quantiles([]float64{0.5, 0.95, 0.99}, q[:])
	sm := Sample{
		Tick: tick, Time: now, Warmup: warm, Ran: t.turns > 0,
		Ops: t.ok, Errors: t.errs, Timeouts: t.timeouts, FillDrainOps: t.fillDrain, Timed: t.timed,
		Active: t.active, FillDrain: t.edges, Wall: t.wall,
		P50: time.Duration(q[0]), P95: time.Duration(q[1]), P99: time.Duration(q[2]),
		Max: time.Duration(t.h.Max()), Mean: time.Duration(t.h.Mean()),
		LastError: t.lastErr,
	}
	if t.active > 0 {
		sm.OpsPerSec = float64(t.ok) / t.active.Seconds()
		sm.BytesPerS = sm.OpsPerSec * float64(t.bytesPer)
		sm.SentPerSec = float64(t.sched.Sent) / t.active.Seconds()
	}
	sm.Sent, sm.Missed, sm.Capped, sm.Behind = t.sched.Sent, t.sched.Missed, t.sched.Capped, time.Duration(t.sched.Behind)
	if t.sh.Count() > 0 {
		t.sh.Quantiles([]float64{0.5, 0.95, 0.99}, q[:])
		sm.SvcP50, sm.SvcP95, sm.SvcP99 = time.Duration(q[0]), time.Duration(q[1]), time.Duration(q[2])
		sm.SvcMax, sm.SvcMean = time.Duration(t.sh.Max()), time.Duration(t.sh.Mean())
	}
	sm.AllocPerOp, sm.AllocsPerOp, sm.CPUPerOp = perOp(t.use, t.useOps)
	if t.serverKnown {
		sm.ServerKnown, sm.ServerCPU, sm.ServerRSS = true, t.server.CPU, t.server.RSS
	}
	if t.wall > 0 {
		sm.CPUPercent = 100 * t.use.cpu.Seconds() / t.wall.Seconds()
	}
	return sm
}

// perOp divides what ops operations used among them; zero without ops.
func perOp(u usage, ops int64) (bytes, objs float64, cpu time.Duration) {
	if ops <= 0 {
		return 0, 0, 0
	}
	n := float64(ops)
	return float64(u.allocBytes) / n, float64(u.allocObjs) / n, time.Duration(float64(u.cpu) / n)
}
