package calibration

import (
	"testing"
	"time"

	"github.com/mcptop/mcptop/workload"
)

func TestOpsCostWhatTheySay(t *testing.T) {
	w := Workload()
	p := w.Defaults()
	p["stallevery"], p["spikeevery"], p["stall"], p["spike"] = 4, 10, 20, 100
	if err := w.Validate(p); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		v      workload.Variant
		op     time.Duration
		allocs float64
	}{{workload.Baseline, 300, 0}, {workload.Optimised, 150, 1}} {
		in, err := w.Impls[tc.v].New(p)
		if err != nil {
			t.Fatal(err)
		}
		wk := in.Worker(0)
		var took [10]time.Duration
		for i := range took { // ops 1..10: 4 and 8 stall, 10 spikes
			t0 := workload.Now()
			if err := wk.Op(); err != nil {
				t.Fatal(err)
			}
			took[i] = time.Duration(workload.Now() - t0)
		}
		for i, d := range took {
			want := tc.op
			switch i + 1 {
			case 4, 8:
				want = 20 * time.Microsecond
			case 10:
				want = 100 * time.Microsecond
			}
			if d < want {
				t.Errorf("%v op %d took %v, want at least %v", tc.v, i+1, d, want)
			}
		}
		if got := testing.AllocsPerRun(100, func() { _ = wk.Op() }); got != tc.allocs {
			t.Errorf("%v: %v allocations per op, want %v", tc.v, got, tc.allocs)
		}
	}
}

func TestExpect(t *testing.T) {
	w := Workload()
	p := w.Defaults()
	p["workers"] = 1
	e := Expect(p)
	if e.P999[0] != 50*time.Microsecond || e.Max[0] != 2*time.Millisecond || e.Max[1] != 2*time.Millisecond {
		t.Errorf("p99.9 %v, max %v/%v: want the stall and the spike", e.P999[0], e.Max[0], e.Max[1])
	}
	if e.P50[0] < 300 || e.P50[1] < 150 || e.P50[1] >= e.P50[0] {
		t.Errorf("bare ops %v and %v: want at least 300 ns and 150 ns, B cheaper", e.P50[0], e.P50[1])
	}
	if e.AllocBytes != [2]float64{0, 64} || e.Allocs != [2]float64{0, 1} {
		t.Errorf("alloc %v B, %v objects", e.AllocBytes, e.Allocs)
	}
	if e.Ratio <= 1 || e.Ratio > 2 {
		t.Errorf("ratio %v: B is at most twice as fast, and faster", e.Ratio)
	}
	if got := sizeClass(64); got != 64 {
		t.Errorf("sizeClass(64) = %d", got)
	}
	if got := sizeClass(65); got != 80 {
		t.Errorf("sizeClass(65) = %d", got)
	}
}
