package merge

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/snapshot"
)

// openFleet is fleet made an open loop at 1000/s with a mix of two
// methods: each instance's sends, service times and methods are filled in
// from its own figures, the methods splitting its ops 1:3.
func openFleet() []Input {
	ins := fleet()
	for i := range ins {
		r := &ins[i].Snap.Runs[0]
		r.LoadModel, r.RatePerS, r.Arrivals, r.MaxInflight = snapshot.LoadOpen, 1000, "poisson", 64
		for v := range r.Variants {
			vr := &r.Variants[v]
			for k := range vr.Series {
				p := &vr.Series[k]
				p.SentOps, p.AchievedRatePerS, p.BehindScheduleS = p.Ops+p.Errors, 1000, 0.001*float64(i+1)
				p.MissedSends, p.ServiceMaxUs, p.ServiceMeanUs = int64(i), p.LatencyMaxUs/2, p.LatencyMeanUs/2
			}
			s := &vr.Summary
			s.SentOps, s.AchievedRatePerS, s.BehindScheduleS, s.MissedSends = s.Ops+s.Errors, 1000, 0.001*float64(i+1), int64(i)
			var sh percentile.Histogram
			for _, b := range vr.Histogram {
				sh.RecordN(b.LoNs/2, int64(b.Count))
			}
			vr.ServiceHistogram = buckets(&sh)
			s.ServiceMaxUs, s.ServiceMeanUs, s.ServiceP99Us = us(sh.Max()), sh.Mean()/1e3, us(sh.Quantile(0.99))
			quarter := s.Ops / 4
			for j, name := range []string{"ping", "tools/list"} {
				m := snapshot.Method{Name: name, Ops: quarter, ThroughputOpsPerS: 250, Histogram: vr.Histogram,
					LatencyMaxUs: s.LatencyMaxUs, LatencyMeanUs: s.LatencyMeanUs}
				if j == 1 {
					m.Ops, m.Errors, m.ThroughputOpsPerS = s.Ops-quarter, s.Errors, 750
				}
				vr.Methods = append(vr.Methods, m)
			}
		}
	}
	return ins
}

// TestMergeOpenLoop: an open loop's figures merge as the fleet's (sends,
// missed sends, rates and methods add up; the lag and the service max are
// the largest; service percentiles from the summed histograms), and the
// load settings must agree.
func TestMergeOpenLoop(t *testing.T) {
	t.Parallel()
	ins := openFleet()
	out, err := Merge(ins, base)
	if err != nil {
		t.Fatal(err)
	}
	r := out.Runs[0]
	if r.LoadModel != snapshot.LoadOpen || r.RatePerS != 1000 || r.Arrivals != "poisson" {
		t.Fatalf("load %q %d %q", r.LoadModel, r.RatePerS, r.Arrivals)
	}
	for v, vr := range r.Variants {
		var sent, missed, ops int64
		var svc percentile.Histogram
		for _, in := range ins {
			s := &in.Snap.Runs[0].Variants[v].Summary
			sent, missed, ops = sent+s.SentOps, missed+s.MissedSends, ops+s.Ops
			for _, b := range in.Snap.Runs[0].Variants[v].ServiceHistogram {
				svc.RecordN(b.LoNs, int64(b.Count))
			}
		}
		s := vr.Summary
		if s.SentOps != sent || s.MissedSends != missed || s.AchievedRatePerS != 3000 || s.BehindScheduleS != 0.003 {
			t.Errorf("%s: sent %d missed %d achieved %v behind %v; want %d, %d, 3000, 0.003", vr.Variant,
				s.SentOps, s.MissedSends, s.AchievedRatePerS, s.BehindScheduleS, sent, missed)
		}
		if want := us(svc.Quantile(0.99)); math.Abs(s.ServiceP99Us/want-1) > percentile.RelativeError {
			t.Errorf("%s: service p99 %v, the summed histogram's %v", vr.Variant, s.ServiceP99Us, want)
		}
		if len(vr.Methods) != 2 || vr.Methods[0].Ops+vr.Methods[1].Ops != s.Ops || vr.Methods[1].ThroughputOpsPerS != 2250 {
			t.Errorf("%s: methods %+v for %d ops", vr.Variant, vr.Methods, s.Ops)
		}
		if got := vr.Series[3]; got.SentOps == 0 || got.BehindScheduleS == 0 {
			t.Errorf("%s: merged second %+v", vr.Variant, got.OpenLoop)
		}
	}
	for _, tc := range []struct {
		field  string
		change func(r *snapshot.Run)
	}{
		{"runs[0].rate_per_s", func(r *snapshot.Run) { r.RatePerS = 2000 }},
		{"runs[0].arrivals", func(r *snapshot.Run) { r.Arrivals = "constant" }},
		{"runs[0].max_inflight", func(r *snapshot.Run) { r.MaxInflight = 32 }},
	} {
		ins := openFleet()
		tc.change(&ins[1].Snap.Runs[0])
		var me *MismatchError
		if _, err := Merge(ins, base); !errors.As(err, &me) || me.Field != tc.field {
			t.Errorf("%s differs: %v", tc.field, err)
		}
	}
	ins = openFleet()
	ins[0].Snap.Capacity = &snapshot.Capacity{SLO: "p99<1ms", StepS: 1, Results: make([]snapshot.CapacityResult, 2)}
	if _, err := Merge(ins, base); err == nil || !strings.Contains(err.Error(), "capacity search") {
		t.Errorf("a capacity search merged: %v", err)
	}
}
