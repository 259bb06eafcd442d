package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mcptop/mcptop/snapshot"
)

// find returns the change for workload, variant and metric.
func find(t *testing.T, r Result, workload, variant string, m Metric) Change {
	t.Helper()
	for _, p := range r.Pairs {
		if p.Workload != workload {
			continue
		}
		for _, c := range p.Changes {
			if c.Variant == variant && c.Metric == m {
				return c
			}
		}
	}
	t.Fatalf("no change for %s %s %s", workload, variant, m)
	return Change{}
}

func compareText(t *testing.T, old, new *snapshot.Snapshot, opts CompareOptions) (Result, string) {
	t.Helper()
	var b bytes.Buffer
	res, err := Compare(&b, old, new, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res, b.String()
}

func TestCompareIdentical(t *testing.T) {
	t.Parallel()
	s, _ := runFixture(t)
	res, out := compareText(t, s, s, CompareOptions{Metrics: []Metric{Throughput, P99}})
	if res.ExitCode() != 0 || res.Regressions != 0 || res.Improvements != 0 || len(res.NotCompared) != 0 {
		t.Fatalf("identical snapshots: exit %d, %d regressions, %d improvements, not compared %v\n%s",
			res.ExitCode(), res.Regressions, res.Improvements, res.NotCompared, out)
	}
	for _, p := range res.Pairs {
		for _, c := range p.Changes {
			if c.Class != Unchanged || c.P != 1 || c.Shift != 0 {
				t.Errorf("%s %s %s: %s, p %v, shift %v; want no significant change, p 1, shift 0",
					p.Workload, c.Variant, c.Metric, c.Class, c.P, c.Shift)
			}
		}
	}
}

func TestCompareDegraded(t *testing.T) {
	t.Parallel()
	old, _ := runFixture(t)
	slow, _ := slowerFixture(t)
	res, out := compareText(t, old, slow, CompareOptions{Threshold: 0.05, Metrics: []Metric{Throughput, P99}, OldName: "run.json", NewName: "slower.json"})
	if res.ExitCode() != 1 {
		t.Fatalf("exit %d, want 1\n%s", res.ExitCode(), out)
	}
	c := find(t, res, "registry", "baseline", Throughput)
	if c.Class != Regressed || c.Delta > -0.15 || c.Delta < -0.25 || c.DeltaHi >= 0 || c.P >= 0.05 {
		t.Errorf("registry baseline throughput: %s Δ %.3f [%.3f, %.3f] p %.4f; want regressed near −20 %%",
			c.Class, c.Delta, c.DeltaLo, c.DeltaHi, c.P)
	}
	if res.Regressions < 1 {
		t.Errorf("no regression counted")
	}
	for _, want := range []string{"REGRESSIONS", "registry prefill=10000 · baseline throughput:", "→ exit 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// the untouched optimised variant must not regress
	if o := find(t, res, "registry", "optimised", Throughput); o.Class == Regressed {
		t.Errorf("registry optimised throughput regressed (Δ %.3f, p %.4f) though only baseline was slowed", o.Delta, o.P)
	}
}

func TestCompareImproved(t *testing.T) {
	t.Parallel()
	old, _ := runFixture(t)
	faster := buildSnapshot(3, scaled(baseSpecs(), func(w string, v int, vs *variantSpec) {
		if w == "codec" {
			vs.tput *= 1.2
		}
	}))
	res, out := compareText(t, old, faster, CompareOptions{Threshold: 0.05, Metrics: []Metric{Throughput}})
	if res.ExitCode() != 0 {
		t.Fatalf("exit %d, want 0\n%s", res.ExitCode(), out)
	}
	for _, v := range []string{"baseline", "optimised"} {
		if c := find(t, res, "codec", v, Throughput); c.Class != Improved || c.Delta < 0.12 || c.Delta > 0.28 {
			t.Errorf("codec %s throughput: %s Δ %.3f; want improved near +20 %%", v, c.Class, c.Delta)
		}
	}
	if !strings.Contains(out, "improved") {
		t.Errorf("output does not say improved:\n%s", out)
	}
}

// Noise only: other seeds, same distributions. Nothing may regress, and most
// metrics must read "no significant change" (at α = 0.05 about one test in
// twenty is significant by chance, but never by more than the threshold).
func TestCompareNoiseOnly(t *testing.T) {
	t.Parallel()
	old, _ := runFixture(t)
	for seed := uint64(10); seed < 16; seed++ {
		noisy := buildSnapshot(seed, baseSpecs())
		res, out := compareText(t, old, noisy, CompareOptions{Threshold: 0.05})
		if res.ExitCode() == 1 {
			t.Errorf("seed %d: exit 1 on noise\n%s", seed, out)
		}
		unchanged, total := 0, 0
		for _, p := range res.Pairs {
			for _, c := range p.Changes {
				if c.Class == NotCompared {
					continue
				}
				total++
				if c.Class == Unchanged {
					unchanged++
				}
			}
		}
		if unchanged < total*2/3 {
			t.Errorf("seed %d: only %d of %d changes read no significant change\n%s", seed, unchanged, total, out)
		}
		if !strings.Contains(out, "no significant change") {
			t.Errorf("seed %d: output lacks \"no significant change\"", seed)
		}
	}
}

func TestCompareNotComparable(t *testing.T) {
	t.Parallel()
	old, _ := runFixture(t)
	cases := []struct {
		name   string
		new    *snapshot.Snapshot
		opts   CompareOptions
		exit   int
		reason []string // substrings of NotCompared entries
		notes  []string
	}{
		{
			name: "mismatched parameters",
			new: with(buildSnapshot(4, baseSpecs()), func(s *snapshot.Snapshot) {
				s.Runs[1].Params = map[string]int{"size": 4096}
			}),
			exit:   2,
			reason: []string{"codec size=1024: measured differently from new's codec run: parameters size=1024 → size=4096"},
		},
		{
			name: "another call",
			new: with(buildSnapshot(4, baseSpecs()), func(s *snapshot.Snapshot) {
				s.Runs[1].Settings = map[string]string{"call": "nosuch/method"}
			}),
			exit:   2,
			reason: []string{`codec size=1024: measured differently from new's codec run: call (none) → "nosuch/method"`},
		},
		{
			name: "another implementation",
			new: with(buildSnapshot(4, baseSpecs()), func(s *snapshot.Snapshot) {
				s.Runs[0].Variants[1].Label = "sync.Map"
			}),
			exit: 2,
			reason: []string{`registry prefill=10000: measured differently from new's registry run: ` +
				`optimised label "sharded map (64 mutex shards)" → "sync.Map"`},
		},
		{
			name: "latency of batch means against per-op latency",
			new: with(buildSnapshot(4, baseSpecs()), func(s *snapshot.Snapshot) {
				s.Runs[0].Tails, s.Runs[0].BatchOps = snapshot.TailsBatchMean, 16
			}),
			opts: CompareOptions{Metrics: []Metric{Throughput, P99}},
			exit: 2,
			reason: []string{"registry prefill=10000 · baseline p99: latency measured differently: old has per-op latencies, " +
				"new has batch means (v1, timed per 16 ops)"},
		},
		{
			name: "other implementations",
			new: with(buildSnapshot(4, baseSpecs()), func(s *snapshot.Snapshot) {
				s.Runs[0].Variants[0].Impl = "mutex"
			}),
			exit:   2,
			reason: []string{"registry prefill=10000: measured differently from new's registry run: implementations A owner, B sharded → A mutex, B sharded"},
		},
		{
			name:   "workload missing in new",
			new:    buildSnapshot(4, baseSpecs()[:2]),
			exit:   2,
			reason: []string{"correlation depth=64: missing in new"},
		},
		{
			name: "alloc absent on one side",
			new: with(buildSnapshot(4, baseSpecs()), func(s *snapshot.Snapshot) {
				s.Runs[0].Mode, s.Runs[0].AllocAttributable = "parallel", false
			}),
			opts:   CompareOptions{Metrics: []Metric{Alloc}},
			exit:   2,
			reason: []string{"registry prefill=10000 · baseline alloc: absent in new: alloc not attributable", "registry prefill=10000 · optimised alloc: absent in new"},
			notes:  []string{"mode differs: alternate → parallel"},
		},
		{
			name: "too few samples",
			new: with(buildSnapshot(4, baseSpecs()), func(s *snapshot.Snapshot) {
				for v := range 2 {
					s.Runs[0].Variants[v].Series = s.Runs[0].Variants[v].Series[:5] // 2 warm-up + 3
				}
			}),
			opts:   CompareOptions{Metrics: []Metric{Throughput}},
			exit:   2,
			reason: []string{"registry prefill=10000 · baseline throughput: too few samples: 12 seconds after warm-up in old, 3 in new; need 4 each"},
		},
		{
			name: "only in new is a note, not a failure",
			new: buildSnapshot(1, append(baseSpecs(), runSpec{workload: "percentile", params: map[string]int{"window": 1000},
				workers: 1, mode: "alternate", seconds: 6, warmup: 1, timing: "per op", noise: 0.02,
				v: [2]variantSpec{{tput: 1e3, p50: 800, p99: 900}, {tput: 1e5, p50: 8, p99: 9}}})),
			opts:  CompareOptions{Metrics: []Metric{Throughput}},
			exit:  0,
			notes: []string{"percentile window=1000: only in new, not compared"},
		},
		{
			name: "schema mismatch",
			new: with(buildSnapshot(1, baseSpecs()), func(s *snapshot.Snapshot) {
				s.Schema = "mcptop.snapshot/v9"
			}),
			exit:   2,
			reason: []string{`new: field "schema": "mcptop.snapshot/v9" is not "mcptop.snapshot/v2" or "mcptop.snapshot/v1"`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, out := compareText(t, old, tc.new, tc.opts)
			if res.ExitCode() != tc.exit {
				t.Errorf("exit %d, want %d\n%s", res.ExitCode(), tc.exit, out)
			}
			var got []string
			for _, p := range res.NotCompared {
				got = append(got, p.Subject+": "+p.Reason)
			}
			all := strings.Join(got, "\n")
			for _, want := range tc.reason {
				if !strings.Contains(all, want) {
					t.Errorf("not compared list lacks %q; it is:\n%s", want, all)
				}
				if !strings.Contains(out, strings.SplitN(want, ":", 2)[0]) {
					t.Errorf("output does not name %q", want)
				}
			}
			if tc.exit != 2 && len(got) > 0 {
				t.Errorf("unexpected not compared: %s", all)
			}
			for _, want := range tc.notes {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks note %q:\n%s", want, out)
				}
			}
		})
	}
}

// with applies f to s and returns s.
func with(s *snapshot.Snapshot, f func(*snapshot.Snapshot)) *snapshot.Snapshot {
	f(s)
	return s
}

// Runs with the same workload and parameters pair in order; a repeat that
// NEW lacks is reported, not dropped.
func TestComparePairsRepeatsInOrder(t *testing.T) {
	t.Parallel()
	spec := baseSpecs()[:1]
	old := buildSnapshot(20, append(spec, spec...))
	newTwo := buildSnapshot(21, append(spec, spec...))
	newOne := buildSnapshot(22, spec)
	res, out := compareText(t, old, newTwo, CompareOptions{Metrics: []Metric{Throughput}})
	if len(res.Pairs) != 2 || res.Pairs[0].OldIndex != 0 || res.Pairs[0].NewIndex != 0 ||
		res.Pairs[1].OldIndex != 1 || res.Pairs[1].NewIndex != 1 || res.ExitCode() != 0 {
		t.Errorf("pairs %+v, exit %d\n%s", res.Pairs, res.ExitCode(), out)
	}
	res, out = compareText(t, old, newOne, CompareOptions{Metrics: []Metric{Throughput}})
	if len(res.Pairs) != 1 || res.ExitCode() != 2 || !strings.Contains(out, "registry prefill=10000: missing in new") {
		t.Errorf("pairs %d, exit %d\n%s", len(res.Pairs), res.ExitCode(), out)
	}
}

// TestCompareErrors: failures where there were none are a regression
// without any test, however few; so is a significant rise, whatever the
// threshold; and a variant that only fails (0 ops/s) regresses in
// throughput as well as in errors.
func TestCompareErrors(t *testing.T) {
	t.Parallel()
	old, _ := runFixture(t)
	withErrs := func(perS int64, ops bool) *snapshot.Snapshot {
		return with(buildSnapshot(4, baseSpecs()), func(s *snapshot.Snapshot) {
			for i := range s.Runs[0].Variants[1].Series {
				p := &s.Runs[0].Variants[1].Series[i]
				p.Errors = perS
				if !ops {
					p.Ops, p.ThroughputOpsPerS = 0, 0
				}
			}
		})
	}
	for _, tc := range []struct {
		name    string
		new     *snapshot.Snapshot
		opts    CompareOptions
		regress []Metric
		says    string
	}{
		{"one failure a second", withErrs(1, true), CompareOptions{}, []Metric{Errors, ErrorRate},
			"registry prefill=10000 · optimised errors: none in old, up to 1.00 a second in new (any failure where there was none)"},
		{"every op fails", withErrs(100000, false), CompareOptions{Metrics: []Metric{Throughput, P99}},
			[]Metric{Throughput}, "registry prefill=10000 · optimised throughput:"},
		{"every op fails, default metrics", withErrs(100000, false), CompareOptions{}, []Metric{Throughput, Errors, ErrorRate},
			"optimised error_rate: none in old, up to 100 % a second in new"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, out := compareText(t, old, tc.new, tc.opts)
			if res.ExitCode() != 1 {
				t.Fatalf("exit %d, want 1\n%s", res.ExitCode(), out)
			}
			for _, m := range tc.regress {
				if c := find(t, res, "registry", "optimised", m); c.Class != Regressed {
					t.Errorf("optimised %s: %s, want regressed", m, c.Class)
				}
			}
			if !strings.Contains(out, tc.says) {
				t.Errorf("output lacks %q:\n%s", tc.says, out)
			}
		})
	}
	// both sides fail a little; new fails more, significantly, by less than
	// the threshold would allow a performance figure
	more := func(seed uint64, perS int64) *snapshot.Snapshot {
		return buildSnapshot(seed, scaled(baseSpecs()[:1], func(_ string, v int, vs *variantSpec) {
			if v == 1 {
				vs.errPerS = perS
			}
		}))
	}
	res, out := compareText(t, more(5, 1000), more(6, 1030), CompareOptions{Threshold: 0.05})
	if c := find(t, res, "registry", "optimised", Errors); c.Class != Regressed || c.Delta > 0.05 {
		t.Errorf("errors 1000 → 1030 a second: %s Δ %v, want regressed though within 5 %%\n%s", c.Class, c.Delta, out)
	}
}

// TestCompareAAFalseAlarms: two runs of one build under one setting, their
// seconds autocorrelated (ρ = 0.5) as a shared machine makes them, are
// called "no regression" at the stated α: over 400 synthetic pairs with no
// threshold to hide behind, at most α of them raise any regression, thanks
// to the autocorrelation allowance and Holm's correction over the pair's
// tests (stats' TestMannWhitneySeriesFalseAlarms shows how often a test
// that takes such seconds as independent is wrong).
func TestCompareAAFalseAlarms(t *testing.T) {
	t.Parallel()
	spec := baseSpecs()[:1]
	spec[0].seconds, spec[0].rho, spec[0].noise = 32, 0.5, 0.05
	const trials = 400
	alarms, unusable := 0, 0
	for i := range uint64(trials) {
		res, err := compare(buildSnapshot(1000+2*i, spec), buildSnapshot(1001+2*i, spec), CompareOptions{Threshold: 0})
		if err != nil {
			t.Fatal(err)
		}
		if res.Regressions > 0 {
			alarms++
		}
		if len(res.NotCompared) > 0 {
			unusable++ // seconds too autocorrelated to reach α: exit 2, said so; not a false alarm
		}
	}
	if rate := float64(alarms) / trials; rate > 0.05 || unusable > trials/10 {
		t.Errorf("A/A false alarms: %d of %d pairs (%.3f), want at most α = 0.05; %d not compared", alarms, trials, rate, unusable)
	} else {
		t.Logf("A/A false alarms: %d of %d pairs (%.3f); %d not compared", alarms, trials, rate, unusable)
	}
}

// A matrix snapshot holds several runs of one workload and parameters, one
// per pair of implementations: each pairs with the run of the same pair,
// wherever it stands.
func TestComparePairsByImplementations(t *testing.T) {
	t.Parallel()
	spec := baseSpecs()[:1]
	setB := func(s *snapshot.Snapshot, i int, b string) { s.Runs[i].Variants[1].Impl = b }
	old := with(buildSnapshot(30, append(spec, spec...)), func(s *snapshot.Snapshot) { setB(s, 1, "mutex") })
	swapped := with(buildSnapshot(31, append(spec, spec...)), func(s *snapshot.Snapshot) { setB(s, 0, "mutex") })
	res, out := compareText(t, old, swapped, CompareOptions{Metrics: []Metric{Throughput}})
	if len(res.Pairs) != 2 || res.Pairs[0].NewIndex != 1 || res.Pairs[1].NewIndex != 0 || res.ExitCode() != 0 {
		t.Errorf("pairs %+v, exit %d\n%s", res.Pairs, res.ExitCode(), out)
	}
}
