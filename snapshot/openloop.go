package snapshot

import "fmt"

// validateLoad checks a run's load model: a closed loop names no rate,
// arrivals or cap; an open one all three.
func (r *Run) validateLoad(at string) error {
	switch r.LoadModel {
	case "", LoadClosed:
		if r.RatePerS != 0 || r.Arrivals != "" || r.MaxInflight != 0 {
			return fieldErr(at+".rate_per_s", "a closed loop has no rate, arrivals or max_inflight (got %d, %q, %d)",
				r.RatePerS, r.Arrivals, r.MaxInflight)
		}
	case LoadOpen:
		switch {
		case r.RatePerS < 1:
			return fieldErr(at+".rate_per_s", "%d; an open loop needs a rate of at least 1", r.RatePerS)
		case r.Arrivals != "constant" && r.Arrivals != "poisson":
			return fieldErr(at+".arrivals", "%q; want \"constant\" or \"poisson\"", r.Arrivals)
		case r.MaxInflight < 1:
			return fieldErr(at+".max_inflight", "%d; want at least 1", r.MaxInflight)
		}
	default:
		return fieldErr(at+".load_model", "%q; want %q or %q", r.LoadModel, LoadClosed, LoadOpen)
	}
	return nil
}

var openCounts = []string{"sent_ops", "missed_sends", "capped_sends"}

var openFields = []string{"achieved_rate_per_s", "behind_schedule_s", "service_p50_us", "service_p95_us",
	"service_p99_us", "service_p999_us", "service_max_us", "service_mean_us"}

// validate checks that every figure of an open loop is a count or a
// finite non-negative number.
func (o *OpenLoop) validate(at string) error {
	if err := nonNegInts(at, openCounts, o.SentOps, o.MissedSends, o.CappedSends); err != nil {
		return err
	}
	return nonNegs(at, openFields, o.AchievedRatePerS, o.BehindScheduleS, o.ServiceP50Us, o.ServiceP95Us,
		o.ServiceP99Us, o.ServiceP999Us, o.ServiceMaxUs, o.ServiceMeanUs)
}

var methodCounts = []string{"ops", "errors", "timeouts", "fill_drain_ops"}

var methodFields = []string{"error_rate", "throughput_ops_per_s", "latency_p50_us", "latency_p95_us",
	"latency_p99_us", "latency_p999_us", "latency_max_us", "latency_mean_us"}

// validateOpen checks what an open loop and a mix of calls add to a
// variant: its open-loop figures, the service times' buckets, and methods
// named once each whose counts add up to the summary's.
func (v *VariantRun) validateOpen(at string) error {
	for k := range v.Series {
		if err := v.Series[k].OpenLoop.validate(fmt.Sprintf("%s.series[%d].", at, k)); err != nil {
			return err
		}
	}
	if err := v.Summary.OpenLoop.validate(at + ".summary."); err != nil {
		return err
	}
	if err := validateBuckets(at+".service_histogram", v.ServiceHistogram); err != nil {
		return err
	}
	if len(v.Methods) == 0 {
		return nil
	}
	var sum [4]int64
	seen := map[string]bool{}
	for k := range v.Methods {
		m := &v.Methods[k]
		mat := fmt.Sprintf("%s.methods[%d]", at, k)
		if m.Name == "" || seen[m.Name] {
			return fieldErr(mat+".name", "%q is empty or named twice", m.Name)
		}
		seen[m.Name] = true
		if err := nonNegInts(mat+".", methodCounts, m.Ops, m.Errors, m.Timeouts, m.FillDrainOps); err != nil {
			return err
		}
		if err := nonNegs(mat+".", methodFields, m.ErrorRate, m.ThroughputOpsPerS, m.LatencyP50Us, m.LatencyP95Us,
			m.LatencyP99Us, m.LatencyP999Us, m.LatencyMaxUs, m.LatencyMeanUs); err != nil {
			return err
		}
		if err := validateBuckets(mat+".latency_histogram", m.Histogram); err != nil {
			return err
		}
		for i, x := range []int64{m.Ops, m.Errors, m.Timeouts, m.FillDrainOps} {
			sum[i] += x
		}
	}
	s := &v.Summary
	for i, want := range []int64{s.Ops, s.Errors, s.Timeouts, s.FillDrainOps} {
		if sum[i] != want {
			return fieldErr(at+".methods", "the methods' %s add up to %d, the summary has %d", methodCounts[i], sum[i], want)
		}
	}
	return nil
}

// validateCapacity checks a capacity search: each step names a run of
// the snapshot and both sides, and there is a result per side.
func (s *Snapshot) validateCapacity() error {
	c := s.Capacity
	if c == nil {
		return nil
	}
	switch {
	case c.SLO == "":
		return fieldErr("capacity.slo", "empty")
	case c.StepS < 1:
		return fieldErr("capacity.step_s", "%d; want at least 1", c.StepS)
	case len(c.Results) != 2:
		return fieldErr("capacity.results", "want 2 (sides A and B), got %d", len(c.Results))
	}
	for i, st := range c.Steps {
		at := fmt.Sprintf("capacity.steps[%d]", i)
		switch {
		case st.Run < 0 || st.Run >= len(s.Runs):
			return fieldErr(at+".run", "%d is not a run of the snapshot (it has %d)", st.Run, len(s.Runs))
		case st.RatePerS < 1:
			return fieldErr(at+".rate_per_s", "%d; want at least 1", st.RatePerS)
		case len(st.Sides) != 2:
			return fieldErr(at+".sides", "want 2 (sides A and B), got %d", len(st.Sides))
		}
		for j, o := range st.Sides {
			if err := nonNegs(fmt.Sprintf("%s.sides[%d].", at, j), []string{"achieved_rate_per_s", "latency_p50_us",
				"latency_p99_us", "error_rate"}, o.AchievedRatePerS, o.LatencyP50Us, o.LatencyP99Us, o.ErrorRate); err != nil {
				return err
			}
		}
	}
	for j, r := range c.Results {
		at := fmt.Sprintf("capacity.results[%d]", j)
		if r.RatePerS < 0 || r.FailedRatePerS < 0 {
			return fieldErr(at+".capacity_rate_per_s", "a rate is negative (%d, %d)", r.RatePerS, r.FailedRatePerS)
		}
		for _, k := range []int{r.MetStep, r.FailedStep} {
			if k < -1 || k >= len(c.Steps) {
				return fieldErr(at+".met_step", "step %d is not one of the %d steps", k, len(c.Steps))
			}
		}
	}
	return nil
}
