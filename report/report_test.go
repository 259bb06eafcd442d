package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/mcptop/mcptop/snapshot"
)

// golden compares got with testdata/NAME, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n--- got ---\n%s", path, got)
	}
}

func TestReportGolden(t *testing.T) {
	t.Parallel()
	s, _ := runFixture(t)
	cases := []struct {
		name     string
		opts     ReportOptions
		golden   string
		contains []string
	}{
		{"text", ReportOptions{Source: "run.json"}, "report.txt", []string{
			"sharded 3.12× faster, 96.1 % CI 3.07–3.26×", "registry prefill=10000", "latency p99", "alloc", "warm-up",
			"not comparable: owner failed 0.000467 % of ops (--max-errors 0 %)", "owner last error", "not attributable",
			"24 (0.000467 % of ops)", "failed ops' latency p99", "A owner (owner goroutine (gen_server)) · B sharded",
			"sharded/owner throughput"}},
		{"md", ReportOptions{Format: "md", Source: "run.json"}, "report.md", []string{
			"| metric | A owner | B sharded |", "|---|---:|---:|", "**Verdict: sharded"}},
		{"csv", ReportOptions{Format: "csv"}, "report.csv", nil},
		{"json", ReportOptions{Format: "json"}, "report.json", nil},
		{"html", ReportOptions{Format: "html", Source: "run.json"}, "report.html", []string{"<svg", "</html>"}},
		{"text, one workload", ReportOptions{Workload: "codec"}, "report-codec.txt", []string{"codec size=1024", "bytes/s"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			if err := Report(&b, s, tc.opts); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.golden, b.Bytes())
			for _, c := range tc.contains {
				if !strings.Contains(b.String(), c) {
					t.Errorf("output lacks %q", c)
				}
			}
		})
	}
}

func TestReportCSVHasOneRowPerSecondPerVariant(t *testing.T) {
	t.Parallel()
	s, _ := runFixture(t)
	var b bytes.Buffer
	if err := Report(&b, s, ReportOptions{Format: "csv"}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(recs[0], CSVHeader) {
		t.Fatalf("header %v", recs[0])
	}
	want := 0
	for _, r := range s.Runs {
		want += len(r.Variants[0].Series) + len(r.Variants[1].Series)
	}
	if len(recs)-1 != want {
		t.Errorf("%d data rows, want %d (one per second per variant per run)", len(recs)-1, want)
	}
	for _, h := range CSVHeader {
		if strings.HasPrefix(h, "latency_") && !strings.HasSuffix(h, "_us") ||
			strings.HasPrefix(h, "throughput_") && !strings.HasSuffix(h, "_per_s") {
			t.Errorf("header %q lacks its unit", h)
		}
	}
	// a value survives: registry baseline second 3
	p := s.Runs[0].Variants[0].Series[2]
	row := recs[3]
	if row[1] != "registry" || row[5] != "baseline" || row[6] != "owner" || row[8] != "3" || row[13] != strconv.FormatFloat(p.ThroughputOpsPerS, 'f', -1, 64) {
		t.Errorf("row for registry baseline t=3 is %v, want throughput %v", row, p.ThroughputOpsPerS)
	}
}

func TestReportJSONIsASnapshot(t *testing.T) {
	t.Parallel()
	s, _ := runFixture(t)
	var b bytes.Buffer
	if err := Report(&b, s, ReportOptions{Format: "json", Workload: "codec"}); err != nil {
		t.Fatal(err)
	}
	back, err := snapshot.Unmarshal(b.Bytes())
	if err != nil {
		t.Fatalf("json output does not read back as a snapshot: %v", err)
	}
	if len(back.Runs) != 1 || !reflect.DeepEqual(back.Runs[0], s.Runs[1]) {
		t.Errorf("filtered json holds %d runs, want exactly the codec run unchanged", len(back.Runs))
	}
	if len(s.Runs) != 3 {
		t.Errorf("Report changed its input: %d runs", len(s.Runs))
	}
}

func TestReportHTMLIsSelfContained(t *testing.T) {
	t.Parallel()
	s, _ := runFixture(t)
	var b bytes.Buffer
	if err := Report(&b, s, ReportOptions{Format: "html"}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"<script", "http:", "https:", "src=", "href=", "@import", "url("} {
		if strings.Contains(strings.ToLower(out), bad) {
			t.Errorf("html contains %q: it must load nothing", bad)
		}
	}
	if n := strings.Count(out, "<svg"); n != 3*len(s.Runs) {
		t.Errorf("%d charts, want 3 per run (%d)", n, 3*len(s.Runs))
	}
	for _, want := range []string{"throughput (ops/s)", "latency (µs", "time since start (s)", "warm-up",
		"percentile spectrum", ">p50<", ">p99.99<", "ops, every op timed"} {
		if !strings.Contains(out, want) {
			t.Errorf("html lacks axis text %q", want)
		}
	}
	// every line of the chart is a path with coordinates in the plot area
	if strings.Contains(out, "NaN") || strings.Contains(out, "Inf") {
		t.Error("html contains NaN or Inf coordinates")
	}
}

func TestReportEscapes(t *testing.T) {
	t.Parallel()
	s, _ := runFixture(t)
	s.Runs[0].Variants[0].Label = `<b>"x"</b> | *y*`
	s.Runs[0].Variants[0].Summary.LastError = "line one\nline <two>"
	for _, tc := range []struct{ format, bad string }{
		{"html", "<b>"}, {"md", "<b>"}, {"md", " | *y*"}, {"text", "line one\nline"},
	} {
		var b bytes.Buffer
		if err := Report(&b, s, ReportOptions{Format: tc.format}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), tc.bad) {
			t.Errorf("%s output contains unescaped %q", tc.format, tc.bad)
		}
	}
}

func TestReportErrors(t *testing.T) {
	t.Parallel()
	s, _ := runFixture(t)
	bad := *s
	bad.Schema = "other"
	cases := []struct {
		name string
		s    *snapshot.Snapshot
		opts ReportOptions
		want string
		is   error // nil: no sentinel to match
	}{
		{"nil", nil, ReportOptions{}, "no snapshot", nil},
		{"invalid", &bad, ReportOptions{}, `invalid snapshot: field "schema"`, nil},
		{"format", s, ReportOptions{Format: "xml"}, `format "xml": want text, md, csv, json, html`, nil},
		{"workload", s, ReportOptions{Workload: "nope"}, `workload "nope": not in the snapshot (it has registry, codec, correlation)`, ErrNoRuns},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := Report(&bytes.Buffer{}, tc.s, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v does not wrap %v", err, tc.is)
			}
		})
	}
}

func TestVerdict(t *testing.T) {
	t.Parallel()
	run := func(c snapshot.Comparison, errRates ...float64) *snapshot.Run {
		r := &snapshot.Run{Comparison: c, Variants: []snapshot.VariantRun{{Impl: "owner"}, {Impl: "sharded"}}}
		for v, e := range errRates {
			r.Variants[v].Summary.ErrorRate = e
		}
		return r
	}
	cases := []struct {
		r    *snapshot.Run
		want string
	}{
		{run(snapshot.Comparison{Ratio: 3.1, CILow: 2.9, CIHigh: 3.3, Confidence: 0.95, Coverage: 0.9586, Pairs: 20}),
			"sharded 3.10× faster, 95.9 % CI 2.90–3.30×"},
		{run(snapshot.Comparison{Ratio: 0.5, CILow: 0.4, CIHigh: 0.625, Confidence: 0.95, Coverage: 0.9586, Pairs: 20}),
			"sharded 2.00× slower, 95.9 % CI 1.60–2.50×"},
		{run(snapshot.Comparison{Ratio: 1.02, CILow: 0.97, CIHigh: 1.08, Confidence: 0.95, Coverage: 0.97, Pairs: 20}),
			"no clear difference (97.0 % CI 0.970–1.08× includes 1×)"},
		{run(snapshot.Comparison{Ratio: 3, CILow: 2, CIHigh: 4, Confidence: 0.95, Coverage: 0.875, Pairs: 4}),
			"not enough data yet: 4 s (the interval covers only 87.5 %; a verdict needs 95 %)"},
		{run(snapshot.Comparison{Ratio: 3, CILow: 2.9, CIHigh: 3.1, Confidence: 0.95, Coverage: 0.97, Pairs: 20}, 0, 1),
			"not comparable: sharded failed 100 % of ops (--max-errors 0 %)"},
		{run(snapshot.Comparison{Ratio: 3, CILow: 2.9, CIHigh: 3.1, Confidence: 0.95, Coverage: 0.97, Pairs: 20, MaxErrorRate: 0.05}, 0.01, 0.02),
			"sharded 3.00× faster, 97.0 % CI 2.90–3.10×"},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			t.Parallel()
			if got := verdict(tc.r); got != tc.want {
				t.Errorf("verdict = %q, want %q", got, tc.want)
			}
		})
	}
}

// A snapshot the engine wrote renders in every format.
func TestReportEngineSnapshot(t *testing.T) {
	t.Parallel()
	s, err := snapshot.ReadFile(filepath.Join("..", "snapshot", "testdata", "engine-run-v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Formats {
		var b bytes.Buffer
		if err := Report(&b, s, ReportOptions{Format: f}); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if b.Len() == 0 || strings.Contains(b.String(), "NaN") {
			t.Errorf("%s: empty or NaN output", f)
		}
	}
	// Four seconds after warm-up, a little autocorrelated: no regression,
	// and what cannot reach α says so.
	res, _ := compareText(t, s, s, CompareOptions{})
	if res.Regressions != 0 || res.Improvements != 0 {
		t.Errorf("engine snapshot against itself: %d regressions, %d improvements", res.Regressions, res.Improvements)
	}
	for _, p := range res.NotCompared {
		if !strings.Contains(p.Reason, "too few samples") {
			t.Errorf("engine snapshot against itself: %s not compared: %s", p.Subject, p.Reason)
		}
	}
}

// A run of one second in which nothing completed still renders: no NaN, no
// division by zero, "not enough data".
func TestReportDegenerateRun(t *testing.T) {
	t.Parallel()
	s := buildSnapshot(1, baseSpecs()[:1])
	r := &s.Runs[0]
	for v := range r.Variants {
		r.Variants[v].Series = []snapshot.Point{{T: 1, Warmup: true}}
		r.Variants[v].Summary = snapshot.Summary{}
		r.Variants[v].Histogram = nil
	}
	r.Comparison = snapshot.Comparison{Metric: "throughput", Confidence: 0.95}
	for _, f := range Formats {
		var b bytes.Buffer
		if err := Report(&b, s, ReportOptions{Format: f}); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if out := b.String(); strings.Contains(out, "NaN") || strings.Contains(out, "Inf") {
			t.Errorf("%s output has NaN/Inf:\n%s", f, out)
		}
		if f == "text" && !strings.Contains(b.String(), "not enough data yet: 0 s") {
			t.Errorf("text lacks the verdict:\n%s", b.String())
		}
		if f != "text" && f != "md" && f != "html" {
			continue // csv and json carry the snapshot's numbers as they are
		}
		out := b.String()
		// No figure that reads like a measurement of nothing.
		if !strings.Contains(out, "throughput not enough data yet (0 paired seconds after warm-up)") &&
			!strings.Contains(out, "throughput: not enough data yet (0 paired seconds after warm-up)") &&
			!strings.Contains(out, "throughput  not enough data yet (0 paired seconds after warm-up)") {
			t.Errorf("%s: the ratio does not say there is no data:\n%s", f, out)
		}
		for _, bad := range []string{"0×", "0 ops/s", "0–0", "0 B/op"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s: %q in a report of no seconds after warm-up:\n%s", f, bad, out)
			}
		}
		for _, row := range []string{"throughput, median", "latency p50", "latency p99", "latency mean", "alloc"} {
			if !rowReads(out, row, "—") {
				t.Errorf("%s: row %q does not read —:\n%s", f, row, out)
			}
		}
	}
	res, out := compareText(t, s, s, CompareOptions{Metrics: []Metric{Throughput}})
	if res.ExitCode() != 2 || !strings.Contains(out, "too few samples: 0 seconds after warm-up") {
		t.Errorf("exit %d, want 2 with too few samples:\n%s", res.ExitCode(), out)
	}
}

// rowReads reports whether the table row labelled label (in text, markdown
// or HTML) shows want in both variant columns.
func rowReads(out, label, want string) bool {
	for _, l := range strings.Split(out, "\n") {
		if !strings.Contains(l, label) {
			continue
		}
		if strings.Count(l, want) >= 2 {
			return true
		}
	}
	return false
}

// TestReportServerRows: the server's CPU and memory are rows of their own
// when a run measured its server, "—" for a variant that did not, and
// absent otherwise.
func TestReportServerRows(t *testing.T) {
	t.Parallel()
	s, _ := runFixture(t)
	plain := func(format string) string {
		var b bytes.Buffer
		if err := Report(&b, s, ReportOptions{Format: format, Workload: s.Runs[0].Workload}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	if out := plain("text"); strings.Contains(out, "server CPU") {
		t.Fatalf("server rows without a server:\n%s", out)
	}
	sum := &s.Runs[0].Variants[0].Summary
	sum.ServerKnown, sum.ServerCPUMsPer1k, sum.ServerRSSBytes = true, 12.5, 48_200_000
	for _, format := range []string{"text", "md"} {
		out := plain(format)
		for _, want := range []string{"server CPU per 1k ops", "12.5ms", "server RSS, largest", "48.2 MB"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s report lacks %q:\n%s", format, want, out)
			}
		}
	}
}

// A v1 snapshot timed in batches says its tails are batch means, and shows
// no per-op costs it never measured.
func TestReportV1SaysBatchMeans(t *testing.T) {
	t.Parallel()
	s, err := snapshot.ReadFile(filepath.Join("..", "snapshot", "testdata", "engine-run-v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Report(&b, s, ReportOptions{Format: "text"}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"batch means of 16 ops (a v1 snapshot)", "none is an op's latency", "per timed op or batch"} {
		if !strings.Contains(out, want) {
			t.Errorf("v1 report lacks %q:\n%s", want, out)
		}
	}
	for _, not := range []string{"cpu use", "allocs ", "measured  "} {
		if strings.Contains(out, not) {
			t.Errorf("v1 report shows %q, which v1 did not measure", not)
		}
	}
}

// A calibration run's checks are printed as a table, each marked.
func TestReportCalibration(t *testing.T) {
	t.Parallel()
	s := buildSnapshot(1, baseSpecs())
	r := &s.Runs[0]
	r.Calibration = []snapshot.Check{
		{Variant: 0, Metric: "p50", Got: 361, Want: 344, Unit: "ns", Bound: "within 25 %", OK: true},
		{Variant: 1, Metric: "max", Got: 400, Want: 2e6, Unit: "ns", Bound: "at least half", OK: false},
		{Variant: -1, Metric: "ratio", Got: 1.38, Want: 1.34, Unit: "×", Bound: "within 10 %", OK: true},
	}
	var b bytes.Buffer
	if err := Report(&b, s, ReportOptions{Format: "text", Workload: r.Workload}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"calibration", "baseline p50", "361ns", "344ns", "optimised max", "OFF", "ratio", "1.38×"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

// The csv has a column for every series key: the server's cells only
// where the server was measured, the open-loop cells only in an open loop.
func TestReportCSVServerAndOpenLoopColumns(t *testing.T) {
	t.Parallel()
	s, _ := runFixture(t)
	r := &s.Runs[0]
	r.LoadModel, r.RatePerS, r.Arrivals, r.MaxInflight = snapshot.LoadOpen, 2000, "constant", 1024
	p := &r.Variants[0].Series[0]
	p.ServerKnown, p.ServerCPUMsPer1k, p.ServerRSSBytes = true, 12.5, 48_200_000
	p.SentOps, p.AchievedRatePerS, p.MissedSends, p.ServiceP99Us = 2000, 1999.5, 3, 250
	var b bytes.Buffer
	if err := Report(&b, s, ReportOptions{Format: "csv"}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	for _, name := range []string{"timeouts", "allocs_per_op", "cpu_us_per_op", "fill_drain_s", "sent_ops", "service_p99_us", "server_rss_bytes"} {
		if _, ok := col[name]; !ok {
			t.Fatalf("no %s column in %v", name, rows[0])
		}
	}
	first, second := rows[1], rows[2] // run 1, side A, its first two seconds
	for name, want := range map[string]string{"server_cpu_ms_per_1k": "12.5", "server_rss_bytes": "48200000",
		"sent_ops": "2000", "achieved_rate_per_s": "1999.5", "missed_sends": "3", "service_p99_us": "250"} {
		if got := first[col[name]]; got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if got := second[col["server_cpu_ms_per_1k"]]; got != "" {
		t.Errorf("server cpu of a second without a server measured: %q, want empty", got)
	}
	if got := second[col["sent_ops"]]; got != "0" {
		t.Errorf("sent_ops of an open loop's second: %q, want 0", got)
	}
	for _, row := range rows[1:] {
		if row[0] != "1" && row[col["sent_ops"]] != "" {
			t.Fatalf("open-loop cell in a closed loop's row: %v", row)
		}
	}
}
