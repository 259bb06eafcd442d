package engine

import (
	"errors"
	"fmt"
	"time"

	"github.com/mcptop/mcptop/capacity"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/units"
	"github.com/mcptop/mcptop/workload"
)

// CapacityPlan asks the engine to search the starting workload's capacity:
// the open-loop rate stepped up geometrically, then bisected (package
// capacity), each step a run measured for StepTicks seconds after its
// warm-up, until both sides' capacities under SLO are known; the engine
// then pauses.
type CapacityPlan struct {
	SLO       capacity.SLO
	StepTicks int // seconds per step after warm-up, at least 1
	Start     int // requests/s of the first step; 0: capacity.DefaultStart
	MaxSteps  int // 0: capacity.DefaultMaxSteps
}

// CapacityState is a capacity search as far as it has gone. The engine
// makes a new one whenever it changes; a reader may keep it.
type CapacityState struct {
	SLO       string
	StepTicks int
	Workload  string
	Steps     []CapacityStep
	Results   [2]CapacityResult
	Current   int  // the rate being measured now; 0 once done
	Done      bool // both sides settled, or the search ran out of steps or was stopped
	// Stopped says why the search ended before settling, if it did.
	Stopped string
}

// CapacityStep is one rate tried: the run that measured it and each
// side's figures after warm-up.
type CapacityStep struct {
	RunID int
	Rate  int
	Sides [2]StepSide
}

// StepSide is one side's figures at a step, and whether they met the SLO
// (Why says why not).
type StepSide struct {
	Achieved  float64 // successful ops/s (the median second)
	P50, P99  time.Duration
	ErrorRate float64
	Missed    int64
	Met       bool
	Why       string
}

// CapacityResult is one side's capacity as far as the search has gone:
// the highest rate that met the SLO below the lowest that failed, and the
// steps that showed each (-1: none yet).
type CapacityResult struct {
	Rate, MetStep      int
	Failed, FailedStep int
}

// Verdict says a result in words, with the evidence: the step that met the
// SLO and the one that did not.
func (c *CapacityState) Verdict(v int) string {
	r := c.Results[v]
	switch {
	case r.MetStep < 0 && r.FailedStep < 0:
		return "not measured yet"
	case r.MetStep < 0:
		return fmt.Sprintf("none: %s failed the SLO (%s)", units.PerSec(float64(r.Failed)), c.Steps[r.FailedStep].Sides[v].Why)
	}
	met := c.Steps[r.MetStep].Sides[v]
	s := fmt.Sprintf("%s (met at step %d: p99 %s, %s achieved)", units.PerSec(float64(r.Rate)), r.MetStep+1,
		units.Duration(met.P99), units.PerSec(met.Achieved))
	if r.FailedStep < 0 {
		return s + "; no rate tried failed"
	}
	return s + fmt.Sprintf("; %s failed at step %d: %s", units.PerSec(float64(r.Failed)), r.FailedStep+1, c.Steps[r.FailedStep].Sides[v].Why)
}

// capSearch is the scheduler's part of a search.
type capSearch struct {
	plan   CapacityPlan
	search *capacity.Search
	name   string // the workload searched
	run    *run   // the current step's run
	state  *CapacityState
}

// errNoRate refuses a capacity search of a workload without open loops.
var errNoRate = errors.New("has no open loop (rate parameter) to search")

// newCapSearch checks the plan against the starting workload w and sets
// the first step's rate in its parameters.
func newCapSearch(plan *CapacityPlan, w workload.Workload, p workload.Params) (*capSearch, error) {
	if _, ok := w.Param(workload.RateParam); !ok {
		return nil, fmt.Errorf("capacity search: workload %s %w", w.Name, errNoRate)
	}
	if plan.StepTicks < 1 {
		return nil, fmt.Errorf("capacity search: a step must last at least a second, got %d", plan.StepTicks)
	}
	cs := &capSearch{plan: *plan, search: capacity.NewSearch(plan.Start), name: w.Name}
	if plan.MaxSteps > 0 {
		cs.search.MaxSteps = plan.MaxSteps
	}
	if rp, _ := w.Param(workload.RateParam); cs.search.MaxRate > rp.Max {
		cs.search.MaxRate = rp.Max
	}
	rate, _ := cs.search.Next()
	p[workload.RateParam] = rate
	cs.state = &CapacityState{SLO: plan.SLO.String(), StepTicks: plan.StepTicks, Workload: w.Name, Current: rate}
	for v := range 2 {
		cs.state.Results[v] = CapacityResult{MetStep: -1, FailedStep: -1}
	}
	return cs, nil
}

// capacityTick follows the search after a closed second: when the step's
// run has its seconds, it judges both sides, records the step and starts
// the next rate's run, or pauses when the search is done. A run of the
// workload the search did not start (a key changed a parameter) stops it.
func (s *sched) capacityTick() {
	cs := s.cap
	if cs == nil || cs.state.Done || s.cur == nil || s.cur.w.Name != cs.name {
		return
	}
	rn := s.cur
	if cs.run == nil {
		cs.run = rn
	}
	if rn != cs.run {
		cs.finish("stopped: a command started another run of " + cs.name)
		return
	}
	if rn.ticks-rn.warmTicks < cs.plan.StepTicks {
		return
	}
	sum, _ := rn.summarize()
	step := CapacityStep{RunID: rn.id, Rate: rn.load.Rate}
	var met [2]bool
	for v := range 2 {
		h := &rn.post[v].h
		f := capacity.Figures{
			Rate: rn.load.Rate, Achieved: sum[v].OpsPerSec, ErrorRate: sum[v].ErrorRate, Missed: sum[v].Missed, Ops: sum[v].Ops,
			Latency: func(q float64) time.Duration {
				if q >= 1 {
					return time.Duration(h.Max())
				}
				return time.Duration(h.Quantile(q))
			},
		}
		met[v], step.Sides[v].Why = cs.plan.SLO.Judge(f)
		step.Sides[v].Met = met[v]
		step.Sides[v].Achieved, step.Sides[v].P50, step.Sides[v].P99 = sum[v].OpsPerSec, sum[v].P50, sum[v].P99
		step.Sides[v].ErrorRate, step.Sides[v].Missed = sum[v].ErrorRate, sum[v].Missed
	}
	cs.search.Record(step.Rate, met)
	next, more := cs.search.Next()
	cs.update(step, next)
	if !more {
		cs.finish("")
		s.paused = true
		s.say("capacity search done: A " + cs.state.Verdict(0) + "; B " + cs.state.Verdict(1))
		return
	}
	s.params[cs.name] = s.params[cs.name].Clone()
	s.params[cs.name][workload.RateParam] = next
	s.restart(false)
	cs.run = s.cur
	s.say(fmt.Sprintf("capacity step %d: %s", len(cs.search.Steps)+1, units.PerSec(float64(next))))
}

// update makes a new state with step added and next being measured.
func (cs *capSearch) update(step CapacityStep, next int) {
	st := *cs.state
	st.Steps = append(append([]CapacityStep(nil), cs.state.Steps...), step)
	st.Current = next
	for v := range 2 {
		b := cs.search.Side(v)
		st.Results[v] = CapacityResult{Rate: b.Met, MetStep: b.MetStep, Failed: b.Failed, FailedStep: b.FailedStep}
	}
	cs.state = &st
}

// finish marks the search done (why, if it stopped early).
func (cs *capSearch) finish(why string) {
	st := *cs.state
	st.Done, st.Current, st.Stopped = true, 0, why
	if why == "" && len(cs.search.Steps) >= cs.search.MaxSteps {
		st.Stopped = fmt.Sprintf("ran out of steps (%d)", cs.search.MaxSteps)
	}
	cs.state = &st
}

// capacitySnapshot is the snapshot's form of the search, its steps
// naming the runs of snap by index.
func capacitySnapshot(st *CapacityState, snap *snapshot.Snapshot, ids []int) *snapshot.Capacity {
	if st == nil {
		return nil
	}
	index := map[int]int{}
	for i, id := range ids {
		index[id] = i
	}
	out := &snapshot.Capacity{SLO: st.SLO, StepS: st.StepTicks, Done: st.Done}
	for _, step := range st.Steps {
		i, ok := index[step.RunID]
		if !ok {
			continue // the run was dropped from the session (MaxRuns)
		}
		cs := snapshot.CapacityStep{Run: i, RatePerS: step.Rate}
		for _, sd := range step.Sides {
			cs.Sides = append(cs.Sides, snapshot.StepOutcome{
				AchievedRatePerS: sd.Achieved, LatencyP50Us: us(sd.P50), LatencyP99Us: us(sd.P99),
				ErrorRate: sd.ErrorRate, MissedSends: sd.Missed, Met: sd.Met, Reason: sd.Why,
			})
		}
		out.Steps = append(out.Steps, cs)
	}
	for v, r := range st.Results {
		impl := ""
		if len(snap.Runs) > 0 && len(out.Steps) > 0 {
			impl = snap.Runs[out.Steps[0].Run].Variants[v].Impl
		}
		out.Results = append(out.Results, snapshot.CapacityResult{Impl: impl, RatePerS: r.Rate, MetStep: r.MetStep,
			FailedRatePerS: r.Failed, FailedStep: r.FailedStep, Verdict: st.Verdict(v)})
	}
	if len(out.Steps) != len(st.Steps) { // steps lost: their indices no longer hold
		for v := range out.Results {
			out.Results[v].MetStep, out.Results[v].FailedStep = -1, -1
		}
	}
	return out
}
