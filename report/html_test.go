package report

import (
	"bytes"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/snapshot"
)

// spectrumRun is a one-sided run whose histogram holds n ops: latency i µs
// for op i (1..n), every op timed unless every > 1.
func spectrumRun(n, every int) (*snapshot.Run, *percentile.Histogram) {
	h := percentile.New()
	for i := 1; i <= n; i++ {
		h.Record(int64(i) * 1000)
	}
	vr := snapshot.VariantRun{Variant: "baseline", Impl: "sort", Summary: snapshot.Summary{
		Ops: int64(n * every), LatencyMaxUs: float64(n), LatencyMeanUs: float64(n+1) / 2,
	}}
	for _, b := range h.Buckets() {
		vr.Histogram = append(vr.Histogram, snapshot.Bucket{LoNs: b.Lo, HiNs: b.Hi, Count: b.Count})
	}
	r := &snapshot.Run{Tails: snapshot.TailsPerOp, TimedEvery: every, Variants: []snapshot.VariantRun{vr}}
	if every > 1 {
		r.Tails = snapshot.TailsPerOpSampled
	}
	return r, h
}

// The spectrum reads the rebuilt histogram's own nearest-rank quantiles,
// from p50 to as far as the ops resolve, never falling, and says what it
// is of.
func TestSpectrum(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		n, every  int
		top       float64 // the last point's x
		words     []string
		notWords  []string
		wantCurve bool
	}{
		{"every op, enough for p99.99", 20000, 1, 4, []string{"20.0k ops, every op timed", "max 20.0ms"}, []string{"too few"}, true},
		{"a sample", 20000, 32, 4, []string{"20.0k timed of 640k ops (a random sample, 1 in 32)"}, nil, true},
		{"too few for p99.99", 500, 1, math.Log10(500), []string{"500 ops", "too few ops for p99.99"}, nil, true},
		{"one op", 1, 1, 0, []string{"too few for a spectrum"}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, h := spectrumRun(tc.n, tc.every)
			pts, what := spectrum(r, &r.Variants[0])
			for _, w := range tc.words {
				if !strings.Contains(what, w) {
					t.Errorf("legend %q lacks %q", what, w)
				}
			}
			for _, w := range tc.notWords {
				if strings.Contains(what, w) {
					t.Errorf("legend %q says %q", what, w)
				}
			}
			if !tc.wantCurve {
				if pts != nil {
					t.Errorf("%d points, want none", len(pts))
				}
				return
			}
			if len(pts) != spectrumPoints {
				t.Fatalf("%d points, want %d", len(pts), spectrumPoints)
			}
			if first := pts[0]; math.Abs(first.x-math.Log10(2)) > 1e-9 || first.y != float64(h.Quantile(0.5)) {
				t.Errorf("first point %+v, want p50 = %d ns at x %.4f", first, h.Quantile(0.5), math.Log10(2))
			}
			if last := pts[len(pts)-1]; math.Abs(last.x-tc.top) > 1e-6 {
				t.Errorf("curve ends at x %.4f, want %.4f", last.x, tc.top)
			}
			for i := 1; i < len(pts); i++ {
				if pts[i].y < pts[i-1].y || pts[i].x <= pts[i-1].x {
					t.Fatalf("point %d %+v after %+v: the spectrum must rise left to right", i, pts[i], pts[i-1])
				}
			}
		})
	}
}

// A run whose latencies are batch means, or whose buckets are not of
// mcptop's layout, gets no curve, and the legend says why.
func TestSpectrumRefuses(t *testing.T) {
	t.Parallel()
	r, _ := spectrumRun(1000, 1)
	r.Tails = snapshot.TailsBatchMean
	if pts, what := spectrum(r, &r.Variants[0]); pts != nil || !strings.Contains(what, "a batch mean is not an op's latency") {
		t.Errorf("batch means: %d points, %q", len(pts), what)
	}
	r, _ = spectrumRun(1000, 1)
	r.Variants[0].Histogram = []snapshot.Bucket{{LoNs: 1000, HiNs: 1999, Count: 10}}
	if pts, what := spectrum(r, &r.Variants[0]); pts != nil || !strings.Contains(what, "not of mcptop's layout") {
		t.Errorf("foreign buckets: %d points, %q", len(pts), what)
	}
	r.Variants[0].Histogram = nil
	if pts, what := spectrum(r, &r.Variants[0]); pts != nil || what != "no successful op after warm-up" {
		t.Errorf("empty histogram: %d points, %q", len(pts), what)
	}
}

// A v1 snapshot's report still renders, its batch means undrawn.
func TestReportHTMLv1(t *testing.T) {
	t.Parallel()
	s, err := snapshot.ReadFile(filepath.Join("..", "snapshot", "testdata", "engine-run-v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Report(&b, s, ReportOptions{Format: "html"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "not drawn: v1 timed batches") {
		t.Error("v1 html does not say why its distribution is not drawn")
	}
}

// compareHTML is the fixture run against its slower twin, as html.
func compareHTML(t *testing.T) (Result, string) {
	t.Helper()
	old, _ := runFixture(t)
	slow, _ := slowerFixture(t)
	var b bytes.Buffer
	res, err := Compare(&b, old, slow, CompareOptions{Threshold: 0.05, Format: "html", OldName: "run.json", NewName: "run-slower.json"})
	if err != nil {
		t.Fatal(err)
	}
	return res, b.String()
}

func TestCompareHTMLGolden(t *testing.T) {
	t.Parallel()
	_, out := compareHTML(t)
	golden(t, "compare.html", []byte(out))
}

// The compare page loads nothing, charts every change that was tested and
// says why the others were not, and marks regressions.
func TestCompareHTML(t *testing.T) {
	t.Parallel()
	res, out := compareHTML(t)
	for _, bad := range []string{"<script", "http:", "https:", "src=", "href=", "@import", "url(", "NaN", "Inf"} {
		if strings.Contains(strings.ToLower(out), strings.ToLower(bad)) {
			t.Errorf("compare html contains %q", bad)
		}
	}
	tested, absent := 0, 0
	for _, p := range res.Pairs {
		for _, c := range p.Changes {
			if c.Class == NotCompared {
				absent++
			} else {
				tested++
			}
		}
	}
	if n := strings.Count(out, "<svg"); n != tested {
		t.Errorf("%d charts, want one per change tested (%d)", n, tested)
	}
	if n := strings.Count(out, `class="absent"`); n != absent {
		t.Errorf("%d not-compared notices, want %d", n, absent)
	}
	if res.Regressions == 0 {
		t.Fatal("the slower fixture has no regression")
	}
	for _, want := range []string{`<span class="regressed">REGRESSED</span>`, "A owner · throughput", "B sharded · p99",
		"run.json (median", "run-slower.json (median", "(Holm)", "<h2>Regressions</h2>", "→ exit 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("compare html lacks %q", want)
		}
	}
}
