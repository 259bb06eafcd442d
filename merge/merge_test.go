package merge

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/snapshot"
)

func count(bs []snapshot.Bucket) (n uint64) {
	for _, b := range bs {
		n += b.Count
	}
	return n
}

func mustMerge(t *testing.T, ins []Input) *snapshot.Snapshot {
	t.Helper()
	m, err := Merge(ins, base.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestMergeAddsUp checks the acceptance's sums on three fixture instances:
// ops, errors and histogram counts are the instances' sums, p99 lies
// between the instances' (within the histogram's resolution), and the
// throughput of every complete second is the sum of the instances' seconds
// that ended within half a second of it.
func TestMergeAddsUp(t *testing.T) {
	t.Parallel()
	ins := fleet()
	m := mustMerge(t, ins)
	r := m.Runs[0]
	for v := range 2 {
		got := r.Variants[v]
		var ops, errs int64
		var hn, ehn uint64
		lo, hi := math.Inf(1), 0.0
		for _, in := range ins {
			x := in.Snap.Runs[0].Variants[v]
			ops, errs = ops+x.Summary.Ops, errs+x.Summary.Errors
			hn, ehn = hn+count(x.Histogram), ehn+count(x.ErrorHistogram)
			lo, hi = math.Min(lo, x.Summary.LatencyP99Us), math.Max(hi, x.Summary.LatencyP99Us)
		}
		if got.Summary.Ops != ops || got.Summary.Errors != errs {
			t.Errorf("%s: ops %d errors %d, want the sums %d, %d", got.Variant, got.Summary.Ops, got.Summary.Errors, ops, errs)
		}
		if count(got.Histogram) != hn || count(got.ErrorHistogram) != ehn {
			t.Errorf("%s: histogram counts %d, %d; want the sums %d, %d", got.Variant, count(got.Histogram), count(got.ErrorHistogram), hn, ehn)
		}
		if p99, slack := got.Summary.LatencyP99Us, hi*percentile.RelativeError; p99 < lo-slack || p99 > hi+slack {
			t.Errorf("%s: p99 %vµs outside the instances' %v–%vµs", got.Variant, p99, lo, hi)
		}
		checkSeconds(t, ins, v, got.Series)
	}
	if r.Merged.StartSpreadS != 0.9 || r.Merged.PartialSeconds != 3 {
		t.Errorf("spread %v s, %d partial seconds; want 0.9 s and 3 (the first, and the last two only c ran)",
			r.Merged.StartSpreadS, r.Merged.PartialSeconds)
	}
	if m.Env.GOMAXPROCS != 6 || m.Env.Hostname != Mixed || m.Env.GoVersion != "go1.26.1" || len(m.Instances) != 3 {
		t.Errorf("env %+v, %d instances", m.Env, len(m.Instances))
	}
	if r.StartedAt != base.Format(time.RFC3339Nano) || r.Comparison.Pairs != 6 {
		t.Errorf("started %s, %d pairs; want the earliest start and the 6 complete seconds after warm-up", r.StartedAt, r.Comparison.Pairs)
	}
	// The fixture's sides fail some ops: the verdict and its reason name
	// them by their implementations, as an instance's do.
	if c := r.Comparison; c.Verdict != "not comparable: "+c.Reason || !strings.Contains(c.Reason, "owner failed") || !strings.Contains(c.Reason, "sharded") {
		t.Errorf("verdict %q, reason %q: want the sides named owner and sharded", c.Verdict, c.Reason)
	}
}

// checkSeconds checks a merged series against the instances' seconds.
func checkSeconds(t *testing.T, ins []Input, v int, series []snapshot.Point) {
	t.Helper()
	complete := 0
	var total, instTotal int64
	for _, p := range series {
		total += p.Ops
		if !p.PercentilesUnknown || p.LatencyP99Us != 0 {
			t.Fatalf("t=%d: per-second percentiles presented as merged: %+v", p.T, p)
		}
		var thr float64
		n := 0
		for _, in := range ins {
			for _, x := range in.Snap.Runs[0].Variants[v].Series {
				if d := x.UnixMs - p.UnixMs; d >= -500 && d < 500 { // the second nearest its end, as merge rounds
					thr, n = thr+x.ThroughputOpsPerS, n+1
				}
			}
		}
		if n != p.Instances || p.Partial != (n < len(ins)) {
			t.Fatalf("t=%d: %d instances ended near it, point says %d (partial %v)", p.T, n, p.Instances, p.Partial)
		}
		if !p.Partial {
			complete++
			if math.Abs(p.ThroughputOpsPerS-thr) > 1e-9*thr {
				t.Errorf("t=%d: throughput %v, want the instances' sum %v", p.T, p.ThroughputOpsPerS, thr)
			}
		}
	}
	for _, in := range ins {
		for _, x := range in.Snap.Runs[0].Variants[v].Series {
			instTotal += x.Ops
		}
	}
	if total != instTotal || complete != 7 {
		t.Errorf("series ops %d, want every instance second's once: %d; %d complete seconds, want 7", total, instTotal, complete)
	}
}

func TestMergeRoundTrips(t *testing.T) {
	t.Parallel()
	m := mustMerge(t, fleet())
	data, err := snapshot.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	back, err := snapshot.Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, m) {
		t.Fatal("the merged snapshot does not read back as written")
	}
}

// TestMergeRefusesMismatch changes one input of one instance at a time;
// the merge must refuse and name the field.
func TestMergeRefusesMismatch(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		field  string
		change func(s *snapshot.Snapshot)
	}{
		{"runs[0].params.size", func(s *snapshot.Snapshot) { s.Runs[0].Params["size"] = 9 }},
		{"runs[0].params.depth", func(s *snapshot.Snapshot) { s.Runs[0].Params["depth"] = 4 }},
		{"runs[0].settings.url", func(s *snapshot.Snapshot) { s.Runs[0].Settings["url"] = "http://y/mcp" }},
		{"runs[0].variants[1].label", func(s *snapshot.Snapshot) { s.Runs[0].Variants[1].Label = "sdk" }},
		{"runs[0].workers", func(s *snapshot.Snapshot) { s.Runs[0].Workers = 4 }},
		{"runs[0].mode", func(s *snapshot.Snapshot) { s.Runs[0].Mode = "parallel" }},
		{"runs[0].warmup_s", func(s *snapshot.Snapshot) { s.Runs[0].WarmupS = 2 }},
		{"runs[0].timed_every", func(s *snapshot.Snapshot) { s.Runs[0].TimedEvery = 8 }},
		{"runs[0].workload", func(s *snapshot.Snapshot) { s.Runs[0].Workload = "v" }},
		{"tool.version", func(s *snapshot.Snapshot) { s.Tool.Version = "v1.0.0" }},
		{"runs", func(s *snapshot.Snapshot) { s.Runs = append(s.Runs, s.Runs[0]) }},
	} {
		t.Run(tc.field, func(t *testing.T) {
			t.Parallel()
			ins := fleet()
			tc.change(ins[2].Snap)
			_, err := Merge(ins, base)
			var me *MismatchError
			if !errors.As(err, &me) || me.Field != tc.field || me.A != "a.json" || me.B != "c.json" {
				t.Fatalf("err = %v, want a mismatch of %s between a.json and c.json", err, tc.field)
			}
			if !strings.HasPrefix(err.Error(), tc.field+" differs: a.json has ") {
				t.Errorf("message %q", err)
			}
		})
	}
}

func TestMergeRefuses(t *testing.T) {
	t.Parallel()
	v1, err := snapshot.ReadFile("../snapshot/testdata/engine-run-v1.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, want string
		ins        func() []Input
	}{
		{"one input", "need at least 2", func() []Input { return fleet()[:1] }},
		{"v1", "cannot be aligned", func() []Input { return append(fleet(), Input{Source: "old.json", Snap: v1}) }},
		{"already merged", "already merged from 3", func() []Input {
			ins := fleet()
			m, err := Merge(fleet(), base)
			if err != nil {
				t.Fatal(err)
			}
			return append(ins[:1], Input{Source: "fleet.json", Snap: m})
		}},
		{"one instance twice", `a.json and again.json are both of instance "a"`, func() []Input {
			return append(fleet(), Input{Source: "again.json", Snap: fleet()[0].Snap})
		}},
		{"did not overlap", "no second after warm-up in which every instance ran", func() []Input {
			ins := fleet()
			ins[2].Snap = instance(fx{name: "c", startMs: 60_000, secs: 8, rate: 100, lat: 25_000})
			return ins
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Merge(tc.ins(), base)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestMergeClocks: an instance whose seconds run long is missing from some
// wall-clock seconds (never counted twice in one), and one whose clock
// steps back has its later second moved on, with a note.
func TestMergeClocks(t *testing.T) {
	t.Parallel()
	ins := fleet()
	ins[1].Snap = instance(fx{name: "b", startMs: 300, secs: 8, rate: 300, lat: 60_000, tickMs: 1150})
	ps := ins[2].Snap.Runs[0].Variants[0].Series
	ps[5].UnixMs = ps[4].UnixMs - 200 // the clock stepped back 1.2 s
	m := mustMerge(t, ins)
	var total, want int64
	for _, in := range ins {
		for _, p := range in.Snap.Runs[0].Variants[0].Series {
			want += p.Ops
		}
	}
	for _, p := range m.Runs[0].Variants[0].Series {
		total += p.Ops
		if p.Instances > 3 {
			t.Fatalf("t=%d holds %d instances' seconds", p.T, p.Instances)
		}
	}
	if total != want {
		t.Fatalf("series ops %d, want %d: a second was lost or counted twice", total, want)
	}
	notes := strings.Join(m.Runs[0].Merged.Notes, "\n")
	if !strings.Contains(notes, "baseline: 1 seconds moved on by one") {
		t.Fatalf("notes %q", notes)
	}
}

// BenchmarkMergeHour merges three instances of an hour each: the work is
// linear in seconds (a day-long fleet run merges in seconds, not hours).
func BenchmarkMergeHour(b *testing.B) {
	var ins []Input
	for i, name := range []string{"a", "b", "c"} {
		ins = append(ins, Input{Source: name, Snap: instance(fx{name: name, startMs: int64(300 * i), secs: 3600, rate: 20, lat: 40_000})})
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Merge(ins, base); err != nil {
			b.Fatal(err)
		}
	}
}
