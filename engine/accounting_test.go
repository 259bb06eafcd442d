package engine

import (
	"context"
	"errors"
	"maps"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcptop/mcptop/workload"
)

// TestFailingVariantIsNotComparable: a variant whose every op fails has no
// throughput, an error rate of 100 %, and makes the verdict "not
// comparable" however fast it fails, in the Update and in the snapshot; a
// --max-errors that allows it lets the ratio speak again.
func TestFailingVariantIsNotComparable(t *testing.T) {
	broken := errors.New("nosuch/method: method not found")
	var n atomic.Int64
	w := counting("half-broken", &n, nil, nil)
	w.Impls[1].New = func(workload.Params) (workload.Instance, error) {
		return inst{worker: workload.Func(func() error { return broken })}, nil
	}
	for _, tc := range []struct {
		name       string
		maxErrors  float64
		comparable bool
		verdict    string
	}{
		{"default: no errors allowed", 0, false, "not comparable: optimised failed 100 % of ops"},
		{"every error allowed", 1, true, "not enough data yet: 0 s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := fastConfig(w)
			cfg.MaxErrors = tc.maxErrors
			r, ups := runTicks(t, cfg, 10, 10*time.Second)
			u := lastTick(ups)
			opt := u.Summary[1]
			if opt.Ops != 0 || opt.OpsPerSec != 0 || opt.Errors == 0 || opt.ErrorRate != 1 {
				t.Fatalf("failing variant: ops %d, %v ops/s, errors %d, error rate %v; want 0, 0, some, 1",
					opt.Ops, opt.OpsPerSec, opt.Errors, opt.ErrorRate)
			}
			if got := u.Compare.Verdict(); got != tc.verdict || u.Compare.Comparable() != tc.comparable {
				t.Errorf("verdict %q (comparable %v), want %q", got, u.Compare.Comparable(), tc.verdict)
			}
			c := r.Snapshot().Runs[0].Comparison
			if c.Comparable != tc.comparable || c.MaxErrorRate != tc.maxErrors || !strings.HasPrefix(c.Verdict, tc.verdict[:14]) {
				t.Errorf("snapshot comparison %+v", c)
			}
			if !tc.comparable && c.Reason != "b failed 100 % of ops" { // the snapshot names the side by its implementation
				t.Errorf("reason %q", c.Reason)
			}
		})
	}
}

// timingOut is a pipeline whose requests alternate: one answered after
// ok, one given up after timeout (and reported at that moment, as
// mcpwire's expiry does).
type timingOut struct{ ok, timeout time.Duration }

func (p timingOut) Run(stop func() bool, rec workload.Recorder) {
	rec.Full()
	for i := 0; !stop(); i++ {
		d, late := p.ok, i%2 == 1
		if late {
			d = p.timeout
		}
		start := workload.Now()
		time.Sleep(d)
		end := start + int64(d)
		var err error
		if late {
			err = errors.New("no response within the timeout")
		}
		if rec.Gap() == 0 {
			rec.Timed(workload.Timing{Start: start, End: end, Err: err, Timeout: late})
		} else {
			var c workload.Counts
			c.Ops = 1
			if late {
				c.Errs, c.Timeouts, c.Last = 1, 1, err
			}
			rec.Untimed(c)
		}
	}
	rec.Draining()
}

func (p timingOut) Op() error { return nil }

// TestTimeoutsAreRecordedAtTheTimeout: requests given up after a timeout
// are errors and timeouts in the series, and their latency — the timeout —
// is in the error histogram, not dropped; the successful ones' histogram
// holds only them.
func TestTimeoutsAreRecordedAtTheTimeout(t *testing.T) {
	const ok, timeout = time.Millisecond, 8 * time.Millisecond
	w := workload.Workload{Name: "stalling"}.WithSides([2]string{"a", "b"}, [2]string{"a", "b"},
		func(workload.Variant, workload.Params) (workload.Instance, error) {
			return inst{worker: timingOut{ok: ok, timeout: timeout}}, nil
		})
	cfg := fastConfig(w)
	cfg.Tick, cfg.Slice = 100*time.Millisecond, 20*time.Millisecond
	r, ups := runTicks(t, cfg, 6, 20*time.Second)
	u := lastTick(ups)
	for v, s := range u.Summary {
		if s.Timeouts == 0 || s.Errors != s.Timeouts || s.Ops == 0 {
			t.Fatalf("%v: ops %d errors %d timeouts %d", workload.Variants[v], s.Ops, s.Errors, s.Timeouts)
		}
		if s.ErrP50 < timeout || s.ErrP50 > timeout*11/10 || s.ErrMax < timeout {
			t.Errorf("%v: failed ops' p50 %v max %v, want the timeout %v", workload.Variants[v], s.ErrP50, s.ErrMax, timeout)
		}
		if s.Max >= timeout {
			t.Errorf("%v: successful ops' max %v reaches the timeout: a failure was counted as a success", workload.Variants[v], s.Max)
		}
	}
	snap := r.Snapshot().Runs[0]
	for _, vr := range snap.Variants {
		var inSeries int64
		for _, p := range vr.Series {
			inSeries += p.Timeouts
		}
		last := vr.ErrorHistogram[len(vr.ErrorHistogram)-1]
		if inSeries == 0 || last.HiNs < int64(timeout) {
			t.Errorf("%s: %d timeouts in the series, error histogram ends at %d ns", vr.Variant, inSeries, last.HiNs)
		}
	}
}

// TestLongSlicesLeaveNoZeroSeconds: with a turn as long as a second, the
// median and interval stay within the seconds the variant ran in (no zero
// seconds pulling them down), and the ratio has pairs. (A second closes
// only once both variants had a turn; TestSummarizeSkipsSecondsNotRun
// covers seconds that a variant missed all the same.)
func TestLongSlicesLeaveNoZeroSeconds(t *testing.T) {
	var n atomic.Int64
	cfg := fastConfig(counting("long-turns", &n, nil, nil))
	cfg.Tick, cfg.Slice, cfg.Warmup = 20*time.Millisecond, 20*time.Millisecond, 0
	r, ups := runTicks(t, cfg, 20, 20*time.Second)
	u := lastTick(ups)
	snap := r.Snapshot().Runs[0]
	for v, s := range u.Summary {
		lo, hi := 0.0, 0.0
		for _, p := range snap.Variants[v].Series {
			if !p.Ran {
				continue
			}
			if lo == 0 || p.ThroughputOpsPerS < lo {
				lo = p.ThroughputOpsPerS
			}
			hi = max(hi, p.ThroughputOpsPerS)
		}
		if s.ActiveTicks == 0 || s.OpsLo < lo || s.OpsHi > hi || s.OpsLo <= 0 || s.OpsPerSec < lo {
			t.Errorf("%v: median %v [%v, %v] over %d of %d seconds; the seconds it ran span %v–%v",
				workload.Variants[v], s.OpsPerSec, s.OpsLo, s.OpsHi, s.ActiveTicks, s.Ticks, lo, hi)
		}
	}
	if u.Compare.Pairs == 0 {
		t.Errorf("no pairs: %+v", u.Compare)
	}

}

func TestSettingsInSnapshot(t *testing.T) {
	var n atomic.Int64
	w := counting("set", &n, nil, nil)
	w.Settings = map[string]string{"call": "ping", "target": "tcp://127.0.0.1:1"}
	r, err := New(fastConfig(w))
	if err != nil {
		t.Fatal(err)
	}
	collect(t, r.Start(context.Background()), 2, 10*time.Second)
	r.Stop()
	if got := r.Snapshot().Runs[0].Settings; !maps.Equal(got, w.Settings) {
		t.Errorf("snapshot settings %v, want %v", got, w.Settings)
	}
}

// TestSummarizeSkipsSecondsNotRun: a second in which a variant had no turn
// is no evidence about its throughput: it counts in Ticks, not in
// ActiveTicks, the median, the interval or the ratio's pairs.
func TestSummarizeSkipsSecondsNotRun(t *testing.T) {
	t.Parallel()
	rn := &run{}
	for v := range 2 {
		rn.series[v].cap = 100
	}
	for i := range 30 {
		b := Sample{Tick: i + 1, Ran: true, OpsPerSec: 1000 + float64(i%5)}
		o := Sample{Tick: i + 1, Ran: i%3 != 0, OpsPerSec: 3000 + float64(i%7)}
		if !o.Ran {
			o.OpsPerSec = 0
		}
		rn.series[0].push(b)
		rn.series[1].push(o)
	}
	sum, cmp := rn.summarize()
	if s := sum[1]; s.Ticks != 30 || s.ActiveTicks != 20 || s.OpsLo < 3000 || s.OpsPerSec < 3000 || !s.OpsEnough {
		t.Errorf("optimised: %d of %d seconds, median %v [%v, %v]; want 20 of 30, all ≥ 3000",
			s.ActiveTicks, s.Ticks, s.OpsPerSec, s.OpsLo, s.OpsHi)
	}
	if cmp.Pairs != 20 || cmp.Lo < 2.9 || !cmp.Enough {
		t.Errorf("ratio over %d pairs: %v [%v, %v]; want 20 pairs near 3", cmp.Pairs, cmp.Ratio, cmp.Lo, cmp.Hi)
	}
}
