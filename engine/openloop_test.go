package engine

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/mcptop/mcptop/workload"
)

// openPipe is an open-loop pipeline of two kinds of op against a virtual
// server: each send completes svc later on the clock (a "late" one, every
// tenth, is still in flight when the turn ends and completes after the
// pipeline drains), every seventh op of kind 1 fails.
type openPipe struct {
	rate  float64
	svc   int64
	clean bool // no op fails, none waits for the turn's end
}

type inFlight struct {
	intended, sent, end int64
	kind                uint8
	timed               bool
	err                 error
}

var errSeventh = errors.New("every seventh fails")

func (p *openPipe) Run(stop func() bool, rec workload.Recorder) {
	if p.rate == 0 { // closed loop: one op a turn
		l := workload.NewLoop(stop, rec)
		for l.Done(false, workload.Now(), nil) {
			time.Sleep(100 * time.Microsecond)
		}
		l.Close()
		return
	}
	tt := workload.NewTimetable(p.rate, false, 1)
	o := workload.NewOpenLoop(stop, rec, &tt, time.Second, 2)
	defer o.Close()
	var late []inFlight
	for n := 0; !o.Stopping(); {
		now := workload.Now()
		intended, due := o.Due(now)
		if !due {
			time.Sleep(100 * time.Microsecond)
			continue
		}
		f := inFlight{intended: intended, sent: now, end: now + p.svc, kind: uint8(n % 2), timed: o.Sent(intended, now)}
		if f.kind == 1 && n%7 == 1 && !p.clean {
			f.err = errSeventh
		}
		n++
		if n%10 == 0 && !p.clean {
			late = append(late, f)
			continue
		}
		o.Done(f.kind, f.timed, f.intended, f.sent, f.end, f.err, false)
	}
	for _, f := range late { // drained: measured, not dropped
		o.Done(f.kind, f.timed, f.intended, f.sent, workload.Now()+p.svc, f.err, false)
	}
}

func (p *openPipe) Op() error { return nil }

type kindedInst struct{ inst }

func (kindedInst) Kinds() []string { return []string{"ping", "tools/list"} }

func openWorkload(rate int) workload.Workload {
	return workload.Workload{Name: "open", Params: workload.LoadParams(64)}.WithSides([2]string{"a", "b"}, [2]string{"a", "b"},
		func(v workload.Variant, p workload.Params) (workload.Instance, error) {
			return kindedInst{inst{worker: &openPipe{rate: float64(p[workload.RateParam]), svc: int64(50 * time.Microsecond)}}}, nil
		})
}

// TestOpenLoopAccounting: an open loop's ops all count as steady (those
// completing after the pipeline drains too), its timetable's sends are
// counted, its latencies run from the intended send and its service
// times from the actual one, and each kind's counts add up to the
// variant's, in the Update and in the snapshot.
func TestOpenLoopAccounting(t *testing.T) {
	w := openWorkload(2000)
	cfg := fastConfig(w)
	cfg.Params = map[string]workload.Params{"open": {workload.RateParam: 2000, workload.MaxInflightParam: 32}}
	cfg.Tick, cfg.Slice = 100*time.Millisecond, 20*time.Millisecond
	r, ups := runTicks(t, cfg, 6, 20*time.Second)
	u := lastTick(ups)
	if !u.Load.Open() || u.Load.Rate != 2000 || u.Load.MaxInflight != 32 {
		t.Fatalf("load %+v", u.Load)
	}
	for v, s := range u.Summary {
		name := workload.Variants[v].String()
		if s.Sent == 0 || s.FillDrainOps != 0 || s.Ops+s.Errors != s.Sent {
			t.Errorf("%s: sent %d, ops %d + errors %d, fill/drain %d: every op sent is steady and counted",
				name, s.Sent, s.Ops, s.Errors, s.FillDrainOps)
		}
		if s.SentPerSec < 1000 || s.SentPerSec > 3000 {
			t.Errorf("%s: achieved %v/s against 2000/s intended", name, s.SentPerSec)
		}
		if s.SvcP50 <= 0 || s.SvcP50 > s.P50 || s.Max < s.SvcMax {
			t.Errorf("%s: service p50 %v max %v, latency p50 %v max %v: service time is at most the latency",
				name, s.SvcP50, s.SvcMax, s.P50, s.Max)
		}
		if len(s.Methods) != 2 || s.Methods[0].Name != "ping" {
			t.Fatalf("%s: methods %+v", name, s.Methods)
		}
		var ops, errs int64
		for _, m := range s.Methods {
			ops, errs = ops+m.Ops, errs+m.Errors
		}
		if ops != s.Ops || errs != s.Errors || s.Methods[0].Errors != 0 || s.Methods[1].Errors == 0 {
			t.Errorf("%s: methods' ops %d errors %d, summary %d and %d; by method %+v", name, ops, errs, s.Ops, s.Errors, s.Methods)
		}
	}
	snap := r.Snapshot()
	if err := snap.Validate(); err != nil {
		t.Fatal(err)
	}
	run := snap.Runs[0]
	if run.LoadModel != "open" || run.RatePerS != 2000 || run.Arrivals != "constant" || run.MaxInflight != 32 {
		t.Errorf("snapshot load %q %d %q %d", run.LoadModel, run.RatePerS, run.Arrivals, run.MaxInflight)
	}
	for _, vr := range run.Variants {
		if len(vr.ServiceHistogram) == 0 || len(vr.Methods) != 2 || vr.Summary.SentOps == 0 {
			t.Errorf("%s: service histogram %d buckets, %d methods, sent %d", vr.Variant, len(vr.ServiceHistogram), len(vr.Methods), vr.Summary.SentOps)
		}
		var sent int64
		for _, p := range vr.Series {
			sent += p.SentOps
		}
		if sent == 0 {
			t.Errorf("%s: no sends in the series", vr.Variant)
		}
	}
}

// TestClosedLoopSnapshotSaysClosed: a run without a rate is a closed
// loop, and says so; it has no open-loop figures.
func TestClosedLoopSnapshotSaysClosed(t *testing.T) {
	r, err := New(fastConfig(openWorkload(0)))
	if err != nil {
		t.Fatal(err)
	}
	collect(t, r.Start(context.Background()), 2, 10*time.Second)
	r.Stop()
	run := r.Snapshot().Runs[0]
	if run.LoadModel != "closed" || run.RatePerS != 0 || run.Arrivals != "" || run.Variants[0].ServiceHistogram != nil {
		t.Errorf("closed loop: load %q rate %d arrivals %q service buckets %d", run.LoadModel, run.RatePerS, run.Arrivals,
			len(run.Variants[0].ServiceHistogram))
	}
}
