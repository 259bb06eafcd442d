package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mcptop/mcptop/capacity"
	"github.com/mcptop/mcptop/workload"
)

// kneeWorkload's sides answer in 50 µs up to their capacity (caps, in
// requests/s) and in 20 ms above it.
func kneeWorkload(caps [2]int) workload.Workload {
	return workload.Workload{Name: "knee", Params: workload.LoadParams(64)}.WithSides([2]string{"slow", "fast"}, [2]string{"slow", "fast"},
		func(v workload.Variant, p workload.Params) (workload.Instance, error) {
			rate := p[workload.RateParam]
			svc := 50 * time.Microsecond
			if rate > caps[v] {
				svc = 20 * time.Millisecond
			}
			return inst{worker: &openPipe{rate: float64(rate), svc: int64(svc), clean: true}}, nil
		})
}

// TestCapacitySearch: the engine steps the rate until both sides'
// capacities are bracketed within the search's precision, each step a run
// of its own, then pauses; the Updates carry the steps and the snapshot
// the search with its evidence.
func TestCapacitySearch(t *testing.T) {
	caps := [2]int{700, 2500}
	slo, err := capacity.ParseSLO("p99<15ms")
	if err != nil {
		t.Fatal(err)
	}
	cfg := fastConfig(kneeWorkload(caps))
	cfg.Tick, cfg.Slice, cfg.Warmup = 50*time.Millisecond, 10*time.Millisecond, 1
	cfg.Capacity = &CapacityPlan{SLO: slo, StepTicks: 1, Start: 100}
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var last Update
	timeout := time.After(60 * time.Second)
	for ch := r.Start(context.Background()); last.Capacity == nil || !last.Capacity.Done; {
		select {
		case last = <-ch:
		case <-timeout:
			t.Fatalf("no result within a minute: %+v", last.Capacity)
		}
	}
	r.Stop()
	st := last.Capacity
	if last.State != Paused || st.Stopped != "" || !strings.Contains(last.Notice, "capacity search done") {
		t.Fatalf("state %v, stopped %q, notice %q", last.State, st.Stopped, last.Notice)
	}
	for v, c := range caps {
		res := st.Results[v]
		if res.Rate > c || res.Failed <= c || float64(res.Failed) > float64(res.Rate)*capacity.DefaultPrecision+1 {
			t.Errorf("side %d (capacity %d): met %d, failed %d", v, c, res.Rate, res.Failed)
		}
		if !strings.Contains(st.Verdict(v), "≥ 15.0ms") {
			t.Errorf("side %d: verdict %q does not give the failing step's p99", v, st.Verdict(v))
		}
	}
	snap := r.Snapshot()
	if err := snap.Validate(); err != nil {
		t.Fatal(err)
	}
	c := snap.Capacity
	if c == nil || len(c.Steps) != len(st.Steps) || len(snap.Runs) != len(st.Steps) || !c.Done || c.SLO != "p99<15.0ms" {
		t.Fatalf("snapshot capacity %+v with %d runs; %d steps", c, len(snap.Runs), len(st.Steps))
	}
	for i, step := range c.Steps {
		if run := snap.Runs[step.Run]; run.RatePerS != step.RatePerS || run.LoadModel != "open" {
			t.Errorf("step %d: rate %d, its run's %d (%s)", i, step.RatePerS, run.RatePerS, run.LoadModel)
		}
	}
	if c.Results[1].RatePerS != st.Results[1].Rate || c.Results[1].Impl != "fast" {
		t.Errorf("snapshot result %+v", c.Results[1])
	}
}

func TestCapacityNeedsARate(t *testing.T) {
	slo, _ := capacity.ParseSLO("p99<5ms")
	cfg := fastConfig(spinWorkload("spin", [2]int{1, 1}))
	cfg.Capacity = &CapacityPlan{SLO: slo, StepTicks: 1}
	if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), "no open loop") {
		t.Fatalf("New: %v, want a refusal", err)
	}
}
