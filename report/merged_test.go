package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/mcptop/mcptop/snapshot"
)

// asMerged dresses a fixture as mcptop merge writes one: two instances,
// every second merged (percentiles unknown), the first after warm-up
// partial.
func asMerged(s *snapshot.Snapshot) *snapshot.Snapshot {
	s.Instances = []snapshot.Instance{
		{Name: "pod-a", CreatedAt: s.CreatedAt, Env: s.Env, ObserverCostNs: 30},
		{Name: "pod-b", CreatedAt: s.CreatedAt, Env: s.Env, ObserverCostNs: 38},
	}
	s.Env.GOMAXPROCS, s.Env.NumCPU = 4, 4
	for i := range s.Runs {
		r := &s.Runs[i]
		r.Merged = &snapshot.Merged{StartedAt: []string{r.StartedAt, r.StartedAt}, StartSpreadS: 0.25, PartialSeconds: 1,
			Notes: []string{"slice lengths differ"}}
		for v := range r.Variants {
			first := true
			for k := range r.Variants[v].Series {
				p := &r.Variants[v].Series[k]
				p.Instances, p.PercentilesUnknown = 2, true
				p.LatencyP50Us, p.LatencyP95Us, p.LatencyP99Us = 0, 0, 0
				if !p.Warmup && first {
					p.Partial, p.Instances, first = true, 1, false
				}
			}
		}
	}
	return s
}

func TestReportMerged(t *testing.T) {
	t.Parallel()
	s := asMerged(buildSnapshot(1, baseSpecs()))
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Report(&b, s, ReportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"merged from 2 instances; GOMAXPROCS 4 and 4 CPUs in all",
		"instance pod-a", "the largest instance's", "started 250ms apart", "partial seconds     1, in which not every instance ran",
		"p50/p95/p99 of a second are not merged", "merge note          slice lengths differ"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	if err := Report(&b, s, ReportOptions{Format: "csv"}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		if p50, p99, max := row[15], row[17], row[18]; p50 != "" || p99 != "" || max == "" {
			t.Fatalf("csv row %v: p50 %q p99 %q max %q; want the percentiles empty and max kept", row, p50, p99, max)
		}
	}
}

func TestReportNamesInstance(t *testing.T) {
	t.Parallel()
	s := buildSnapshot(1, baseSpecs())
	s.Instance = "pod-7"
	var b bytes.Buffer
	if err := Report(&b, s, ReportOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\ninstance       pod-7\n") {
		t.Fatalf("report does not name the instance:\n%s", b.String())
	}
}

// TestCompareMerged: per-second percentiles of merged runs are absent,
// never compared as the zeros they hold; a fleet against itself passes the
// gate (p99 is measurable on neither side), partial seconds are skipped,
// and asking for p99 explicitly fails it.
func TestCompareMerged(t *testing.T) {
	t.Parallel()
	s := asMerged(buildSnapshot(1, baseSpecs()))
	res, out := compareText(t, s, s, CompareOptions{})
	if res.ExitCode() != 0 {
		t.Fatalf("a fleet against itself: exit %d\n%s", res.ExitCode(), out)
	}
	r := &s.Runs[0]
	c := find(t, res, r.Workload, "baseline", Throughput)
	post := 0
	for _, p := range r.Variants[0].Series {
		if !p.Warmup {
			post++
		}
	}
	if c.OldN != post-1 {
		t.Errorf("throughput of %d seconds, want the %d complete ones after warm-up", c.OldN, post-1)
	}
	if c := find(t, res, r.Workload, "baseline", P99); c.Class != NotCompared || !strings.Contains(c.Reason, "merged") {
		t.Errorf("p99: %s (%s), want not compared: merged", c.Class, c.Reason)
	}
	res, out = compareText(t, s, s, CompareOptions{Metrics: []Metric{P99}})
	if res.ExitCode() != ExitUnusable {
		t.Fatalf("--metric p99 on merged snapshots: exit %d, want %d\n%s", res.ExitCode(), ExitUnusable, out)
	}
}
