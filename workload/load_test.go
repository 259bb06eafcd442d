package workload

import (
	"errors"
	"math"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// gaps draws n gaps of a timetable started at 0.
func gaps(tt Timetable, n int) []float64 {
	tt.Start(0)
	prev := float64(tt.Next())
	out := make([]float64, n)
	for i := range out {
		tt.Advance()
		next := tt.next
		out[i], prev = next-prev, next
	}
	return out
}

func meanCV(xs []float64) (mean, cv float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss/float64(len(xs)-1)) / mean
}

// TestPoissonGaps: over 10,000 sends, the gaps' mean is within 5 % of
// 1/R and their coefficient of variation within 5 % of 1, an exponential
// distribution's, for several rates and seeds.
func TestPoissonGaps(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		rate float64
		seed uint64
	}{
		{"1k/s", 1000, 1},
		{"2k/s", 2000, 0x9e3779b97f4a7c15},
		{"50k/s", 50_000, 42},
		{"3/s", 3, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mean, cv := meanCV(gaps(NewTimetable(tc.rate, true, tc.seed), 10_000))
			want := 1e9 / tc.rate
			if math.Abs(mean/want-1) > 0.05 {
				t.Errorf("mean gap %.0f ns, want %.0f ± 5 %%", mean, want)
			}
			if math.Abs(cv-1) > 0.05 {
				t.Errorf("coefficient of variation %.3f, want 1 ± 5 %%", cv)
			}
		})
	}
}

func TestConstantGaps(t *testing.T) {
	t.Parallel()
	mean, cv := meanCV(gaps(NewTimetable(3000, false, 1), 10_000))
	if math.Abs(mean-1e9/3000) > 1e-3 || cv > 1e-6 {
		t.Fatalf("mean %.3f ns (want %.3f), cv %g (want 0)", mean, 1e9/3000, cv)
	}
	tt := NewTimetable(1000, false, 1)
	tt.Start(0)
	if got := tt.Next(); got != 500_000 {
		t.Fatalf("first send at %d ns, want half a gap in (500000)", got)
	}
}

func TestSkipTo(t *testing.T) {
	t.Parallel()
	for _, poisson := range []bool{false, true} {
		tt := NewTimetable(1000, poisson, 3)
		tt.Start(0)
		ref := tt // the same schedule, advanced one send at a time
		var n int64
		for ref.Next() < 1e9 {
			ref.Advance()
			n++
		}
		if got := tt.SkipTo(1e9); got != n || tt.Next() != ref.Next() {
			t.Errorf("poisson %t: SkipTo(1s) skipped %d to %d, one by one %d to %d", poisson, got, tt.Next(), n, ref.Next())
		}
		if got := tt.SkipTo(1e9); got != 0 {
			t.Errorf("poisson %t: a second SkipTo skipped %d", poisson, got)
		}
	}
}

func TestLoadOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name            string
		p               Params
		model, arrivals string
		open            bool
	}{
		{"no load parameters", Params{"depth": 4}, "closed", "", false},
		{"rate 0", Params{RateParam: 0, ArrivalsParam: 1}, "closed", "", false},
		{"constant", Params{RateParam: 100}, "open", "constant", true},
		{"poisson", Params{RateParam: 100, ArrivalsParam: ArrivalsPoisson}, "open", "poisson", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := LoadOf(tc.p)
			if l.Model() != tc.model || l.Arrivals() != tc.arrivals || l.Open() != tc.open {
				t.Fatalf("LoadOf(%v) = %s %q open %t", tc.p, l.Model(), l.Arrivals(), l.Open())
			}
		})
	}
	if _, err := ParseArrivals("uniform"); err == nil {
		t.Fatal("ParseArrivals accepted uniform")
	}
	if RateSteps[0] != 1 || RateSteps[len(RateSteps)-1] != MaxRate || RateSteps[3] != 10 {
		t.Fatalf("RateSteps = %v", RateSteps)
	}
}

// TestOpenLoopBookkeeping drives an OpenLoop by hand: full before the
// first send, sends on time and late, a cap, completions timed and
// counted by kind, and what was due at the stop still made, late.
func TestOpenLoopBookkeeping(t *testing.T) {
	t.Parallel()
	tally := &Tally{Every: 2}
	stopped := false
	tt := NewTimetable(1e6, false, 1) // a send every µs
	o := NewOpenLoop(func() bool { return stopped }, tally, &tt, time.Hour, 2)
	if tally.Fulls != 1 {
		t.Fatalf("Fulls = %d before the first send, want 1", tally.Fulls)
	}
	boom := errors.New("boom")
	sent := 0
	for sent < 10 {
		now := Now()
		intended, due := o.Due(now)
		if !due {
			continue
		}
		if sent == 5 {
			o.Blocked(now)
		}
		timed := o.Sent(intended, now)
		kind := uint8(sent % 2)
		var err error
		if sent == 9 {
			err = boom
		}
		o.Done(kind, timed, intended, now, now+1000, err, false)
		sent++
	}
	time.Sleep(time.Millisecond) // sends fall due
	stopped = true
	if !o.Stopping() || tally.Drains != 1 {
		t.Fatalf("Stopping did not drain (Drains %d)", tally.Drains)
	}
	// What was due before the stop is still made, late; nothing after.
	late := 0
	for o.Pending() {
		now := Now()
		intended, due := o.Due(now)
		if !due {
			t.Fatalf("pending but not due: the send meant for %d, now %d", intended, now)
		}
		o.Done(0, o.Sent(intended, now), intended, now, now, nil, false)
		late++
	}
	if _, due := o.Due(Now() + int64(time.Hour)); due {
		t.Fatal("a send meant after the stop is due")
	}
	o.Close()
	switch {
	case late < 100:
		t.Errorf("%d sends made late after the stop; a 1 ms pause at 1/µs leaves ≥ 100 due", late)
	case tally.Ops != int64(10+late) || tally.Errs != 1 || tally.Open != tally.Ops:
		t.Errorf("ops %d errs %d open %d, want %d, 1, all", tally.Ops, tally.Errs, tally.Open, 10+late)
	case tally.KindOps[1] != 5:
		t.Errorf("by kind %v, want 5 of kind 1", tally.KindOps[:2])
	case tally.Sched.Sent != tally.Ops || tally.Sched.Capped < 1 || tally.Sched.Missed != 0 || tally.Sched.Behind < int64(500*time.Microsecond):
		t.Errorf("schedule %+v: want every op sent, ≥ 1 capped, none missed, ≥ 0.5 ms behind", tally.Sched)
	case tally.TimedN < 1:
		t.Errorf("timed %d", tally.TimedN)
	}
}

func TestWaker(t *testing.T) {
	t.Parallel()
	w := NewWaker()
	defer w.Close()
	for _, d := range []time.Duration{-time.Millisecond, 0, 2 * time.Millisecond} {
		start := Now()
		w.At(start + int64(d))
		select {
		case <-w.C:
		case <-time.After(5 * time.Second):
			t.Fatalf("At(now%+v) never woke", d)
		}
		if got := time.Duration(Now() - start); got < d {
			t.Fatalf("At(now%+v) woke after %v, early", d, got)
		}
	}
}

// turnTally is a Tally whose turn ends at end.
type turnTally struct {
	Tally
	end int64
}

func (t *turnTally) TurnEnd() int64 { return t.end }

// TestOpenLoopEndsAtTheTurn: with a Recorder that says when the turn ends,
// the timetable ends there, whether or not stop has reported true: the
// turn's sends are those meant before its end.
func TestOpenLoopEndsAtTheTurn(t *testing.T) {
	t.Parallel()
	start := Now()
	rec := &turnTally{end: start + int64(10*time.Millisecond)}
	tt := NewTimetable(1000, false, 1)
	o := NewOpenLoop(func() bool { return false }, rec, &tt, time.Hour, 1)
	if next := o.Next(); next > rec.end {
		t.Fatalf("Next %d after the turn's end %d", next, rec.end)
	}
	sent := 0
	for !o.Stopping() || o.Pending() {
		now := Now()
		if intended, due := o.Due(now); due {
			o.Done(0, o.Sent(intended, now), intended, now, now, nil, false)
			sent++
		}
	}
	o.Close()
	if rec.Drains != 1 || sent < 9 || sent > 10 || rec.Sched.Sent != int64(sent) {
		t.Fatalf("drains %d, sent %d (schedule %+v) in a 10 ms turn at 1/ms", rec.Drains, sent, rec.Sched)
	}
}
