package calibration

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mcptop/mcptop/workload"
)

// Workload is the calibration workload.
func Workload() workload.Workload {
	w := workload.Workload{
		Name:        "calibration",
		Description: "ops of known cost, stalls and allocation: how close mcptop's figures come to the truth here",
		Params: []workload.Param{
			{Name: "cost", Help: "nanoseconds variant A's op busy-waits", Unit: "ns", Default: 300, Min: 50, Max: 1_000_000,
				Steps: []int{100, 300, 1_000, 10_000, 100_000}},
			{Name: "speedup", Help: "how many times shorter variant B's op is", Default: 2, Min: 1, Max: 16},
			{Name: "alloc", Help: "bytes variant B allocates per op (one object)", Unit: "B", Default: 64, Min: 0, Max: 1 << 20},
			{Name: "stall", Help: "microseconds a stalled op takes", Unit: "µs", Default: 50, Min: 0, Max: 100_000},
			{Name: "stallevery", Help: "one op in this many is stalled", Unit: "ops", Default: 500, Min: 1, Max: 100_000_000},
			{Name: "spike", Help: "microseconds a spiking op takes", Unit: "µs", Default: 2_000, Min: 0, Max: 1_000_000},
			{Name: "spikeevery", Help: "one op in this many spikes", Unit: "ops", Default: 100_000, Min: 1, Max: 1_000_000_000},
		},
		Expect: Expect,
	}
	return w.WithSides([2]string{"spin", "spin-alloc"},
		[2]string{"busy-waits cost ns", "busy-waits cost/speedup ns, allocates alloc B"}, newInstance)
}

// costs are one variant's op durations.
type costs struct {
	op, stall, spike       time.Duration
	stallEvery, spikeEvery int
	alloc                  int
}

func costsOf(v workload.Variant, p workload.Params) costs {
	c := costs{
		op:    time.Duration(p["cost"]),
		stall: time.Duration(p["stall"]) * time.Microsecond, stallEvery: p["stallevery"],
		spike: time.Duration(p["spike"]) * time.Microsecond, spikeEvery: p["spikeevery"],
	}
	if v == workload.Optimised {
		c.op /= time.Duration(max(p["speedup"], 1))
		c.alloc = p["alloc"]
	}
	return c
}

// mean is the expected mean op time.
func (c costs) mean() time.Duration {
	base := float64(c.op)
	if c.stallEvery > 0 {
		base += float64(c.stall-c.op) / float64(c.stallEvery)
	}
	if c.spikeEvery > 0 {
		base += float64(c.spike-c.op) / float64(c.spikeEvery)
	}
	return time.Duration(base)
}

// Expect is the truth for parameters p (workers among them): what the
// engine should report. It is measured here, outside the engine: an
// ordinary op's cost in a bare loop (the busy-wait's clock reads and the
// allocation make it longer than the cost asked for), and each variant's
// rate with p's workers running untimed ops in alternating turns (so the
// garbage B makes costs what it costs in a run). Stalls and spikes wait
// exactly as long as asked; every op busy-waits, so its CPU time is its
// mean duration.
func Expect(p workload.Params) *workload.Expected {
	var e workload.Expected
	rates := bareRates(p)
	for i, v := range workload.Variants {
		c := costsOf(v, p)
		bare := bareCost(c)
		e.P50[i], e.P99[i], e.P999[i] = bare, bare, bare
		if c.stallEvery > 0 && c.stallEvery <= 1000 && c.stall > bare { // 0.1 % or more of ops stall
			e.P999[i] = c.stall
		}
		e.Max[i] = max(bare, c.stall, c.spike)
		if c.alloc > 0 {
			e.AllocBytes[i], e.Allocs[i] = float64(sizeClass(c.alloc)), 1
		}
		c.op = bare
		e.CPUPerOp[i] = c.mean() // the op busy-waits: all of its time is CPU
	}
	if rates[0] > 0 {
		e.Ratio = rates[1] / rates[0]
	}
	return &e
}

// bareCost is the mean time of one of c's ordinary ops (no stall, no
// spike) in a bare loop: the cheapest of five rounds of about 10 ms, since a
// busy neighbour only ever makes a round slower.
func bareCost(c costs) time.Duration {
	c.stallEvery, c.spikeEvery = 0, 0
	w := &worker{c: c}
	best := time.Duration(1<<63 - 1)
	for range 5 {
		n, t0 := 0, workload.Now()
		for n == 0 || workload.Now()-t0 < int64(10*time.Millisecond) {
			for range 64 {
				_ = w.Op()
			}
			n += 64
		}
		best = min(best, time.Duration(workload.Now()-t0)/time.Duration(n))
	}
	return best
}

// bareTurns is how many turns of bareTurn each variant gets in bareRates.
const (
	bareTurns = 10
	bareTurn  = 20 * time.Millisecond
)

// bareRates runs both variants the way a run does, without the engine:
// p's workers (at least one) run untimed ops, stalls and all, in
// alternating turns; it returns each variant's ops per second of its turns.
// The first two turns warm up and are not counted.
func bareRates(p workload.Params) (rates [2]float64) {
	n := max(p["workers"], 1)
	var ops [2]int64
	var took [2]time.Duration
	for turn := -2; turn < 2*bareTurns; turn++ {
		v := (turn + 2) % 2
		c := costsOf(workload.Variants[v], p)
		var stop atomic.Bool
		var done atomic.Int64
		var wg sync.WaitGroup
		t0 := time.Now()
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w := &worker{c: c}
				k := int64(0)
				for !stop.Load() {
					_ = w.Op()
					k++
				}
				done.Add(k)
			}()
		}
		time.Sleep(bareTurn)
		stop.Store(true)
		wg.Wait()
		if turn >= 0 {
			ops[v] += done.Load()
			took[v] += time.Since(t0)
		}
	}
	for v := range 2 {
		rates[v] = float64(ops[v]) / took[v].Seconds()
	}
	return rates
}

// sizeClass is the bytes the Go allocator hands out for a request of n
// bytes, for the small sizes the defaults use (the truth for B/op counts
// what the heap gives, not what was asked for).
func sizeClass(n int) int {
	for _, c := range []int{8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256,
		288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792,
		2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728,
		10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768} {
		if n <= c {
			return c
		}
	}
	return (n + 8191) / 8192 * 8192 // large objects: whole pages
}

type instance struct{ c costs }

func newInstance(v workload.Variant, p workload.Params) (workload.Instance, error) {
	c := costsOf(v, p)
	if c.op <= 0 {
		return nil, fmt.Errorf("calibration: cost %v is too short for speedup %d", c.op, p["speedup"])
	}
	return &instance{c: c}, nil
}

func (in *instance) Worker(int) workload.Worker { return &worker{c: in.c} }
func (in *instance) BytesPerOp() int64          { return 0 }
func (in *instance) Close() error               { return nil }

// worker runs one goroutine's ops; n counts them, for the stall schedule.
type worker struct {
	c    costs
	n    int
	keep []byte // the op's allocation, kept so that it escapes to the heap
}

// Op busy-waits for its op's cost: the stall or the spike when its turn
// comes, and allocates what the variant allocates.
func (w *worker) Op() error {
	w.n++
	d := w.c.op
	switch {
	case w.c.spikeEvery > 0 && w.n%w.c.spikeEvery == 0:
		d = w.c.spike
	case w.c.stallEvery > 0 && w.n%w.c.stallEvery == 0:
		d = w.c.stall
	}
	spin(d)
	if w.c.alloc > 0 {
		w.keep = make([]byte, w.c.alloc)
	}
	return nil
}

// spin waits on the clock, busy, for d.
func spin(d time.Duration) {
	end := workload.Now() + int64(d)
	for workload.Now() < end {
	}
}
