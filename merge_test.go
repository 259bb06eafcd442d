package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/snapshot"
)

// fleetRuns runs n headless instances of mcptop with args at the same time,
// in this process, each with its own --instance, and returns their
// snapshot files.
func fleetRuns(t *testing.T, n int, args ...string) []string {
	t.Helper()
	dir := t.TempDir()
	files := make([]string, n)
	errs := make([]error, n)
	outs := make([]bytes.Buffer, n)
	var wg sync.WaitGroup
	for i := range n {
		files[i] = filepath.Join(dir, "pod-"+string(rune('0'+i))+".json")
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = run(context.Background(), append([]string{"--headless",
				"--instance", "pod-" + string(rune('0'+i)), "--out", files[i]}, args...), &outs[i], &outs[i])
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("instance %d: %v\n%s", i, err, outs[i].String())
		}
	}
	return files
}

func readSnap(t *testing.T, path string) *snapshot.Snapshot {
	t.Helper()
	s, err := snapshot.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestMergeFleet is issue 17's acceptance: mcptop serve, and three headless
// instances against it at the same time, open loop (--rate), merged; the
// merged ops and histogram counts are the sums, p99 lies between the
// instances', each complete second's throughput is the sum of the
// instances' seconds that ended with it; the merged snapshot goes through
// report and compare; a mismatched input is refused with exit 2.
func TestMergeFleet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three instances for 8 s")
	}
	addr, _ := startServe(t, "optimised")
	files := fleetRuns(t, 3, "--target", "http://"+addr+"/mcp", "--rate", "400", "--workers", "1",
		"--duration", "8s", "--warmup", "1")
	out := filepath.Join(t.TempDir(), "fleet.json")
	var stdout, stderr bytes.Buffer
	// The directory stands for its snapshots, as in the Kubernetes flow.
	if err := run(context.Background(), []string{"merge", filepath.Dir(files[0]), "--out", out}, &stdout, &stderr); err != nil {
		t.Fatalf("merge: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "3 instances (pod-0, pod-1, pod-2) written to "+out) {
		t.Errorf("merge said %q", stderr.String())
	}
	m := readSnap(t, out)
	ins := make([]*snapshot.Snapshot, len(files))
	for i, f := range files {
		ins[i] = readSnap(t, f)
		if ins[i].Instance != m.Instances[i].Name {
			t.Fatalf("instance %q merged as %q", ins[i].Instance, m.Instances[i].Name)
		}
	}
	for v := range 2 {
		checkFleetVariant(t, ins, m.Runs[0].Variants[v], v)
	}
	checkFleetReports(t, out)
}

func checkFleetVariant(t *testing.T, ins []*snapshot.Snapshot, got snapshot.VariantRun, v int) {
	t.Helper()
	var ops int64
	var hist uint64
	lo, hi := math.Inf(1), 0.0
	for _, s := range ins {
		x := s.Runs[0].Variants[v]
		ops += x.Summary.Ops
		for _, b := range x.Histogram {
			hist += b.Count
		}
		lo, hi = math.Min(lo, x.Summary.LatencyP99Us), math.Max(hi, x.Summary.LatencyP99Us)
	}
	var mh uint64
	for _, b := range got.Histogram {
		mh += b.Count
	}
	if got.Summary.Ops != ops || mh != hist {
		t.Errorf("%s: ops %d and histogram count %d, want the sums %d and %d", got.Variant, got.Summary.Ops, mh, ops, hist)
	}
	if p99, slack := got.Summary.LatencyP99Us, hi*percentile.RelativeError; p99 < lo-slack || p99 > hi+slack {
		t.Errorf("%s: p99 %vµs outside the instances' %v–%vµs", got.Variant, p99, lo, hi)
	}
	complete := 0
	for _, p := range got.Series {
		if p.Partial {
			continue
		}
		complete++
		var sum float64
		for _, s := range ins {
			for _, x := range s.Runs[0].Variants[v].Series {
				if d := x.UnixMs - p.UnixMs; d >= -500 && d < 500 { // the second nearest its end, as merge rounds
					sum += x.ThroughputOpsPerS
				}
			}
		}
		if math.Abs(p.ThroughputOpsPerS-sum) > 1e-9*sum {
			t.Errorf("%s t=%d: throughput %v, want the instances' sum %v", got.Variant, p.T, p.ThroughputOpsPerS, sum)
		}
	}
	if complete < 4 {
		t.Errorf("%s: %d complete seconds of 8; the instances did not run together", got.Variant, complete)
	}
}

// checkFleetReports renders the merged snapshot in every format, compares
// it with itself, and refuses a mismatched instance.
func checkFleetReports(t *testing.T, fleet string) {
	t.Helper()
	for _, format := range []string{"text", "md", "csv", "json", "html"} {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), []string{"report", fleet, "--format", format}, &stdout, &stderr); err != nil {
			t.Fatalf("report --format %s: %v\n%s", format, err, stderr.String())
		}
		if format == "text" {
			for _, want := range []string{"merged from 3 instances", "instance pod-2", "started ", " apart", "partial seconds",
				"400 requests/s per variant on each of 3 instances (1.20k in all)"} {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("report lacks %q:\n%s", want, stdout.String())
				}
			}
		}
		if strings.Contains(stdout.String(), "NaN") {
			t.Errorf("report --format %s prints NaN", format)
		}
	}
	// Compared with itself it shows no regression; an exit status of 2 is
	// right only where a short, autocorrelated run gives a test too few
	// seconds to reach α, and says so.
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"compare", fleet, fleet}, &stdout, &stderr)
	out := stdout.String()
	short := strings.Count(out, "too few samples to reach α") == strings.Count(out, "not compared")-1
	if err != nil && !(errors.Is(err, exitCode(2)) && short) || strings.Contains(out, "REGRESSION") {
		t.Fatalf("compare of a merged snapshot with itself: %v\n%s%s", err, out, stderr.String())
	}
}

// TestMergeRefusesMismatch: an instance run with another parameter cannot
// be merged: exit 2, naming the parameter and both files.
func TestMergeRefusesMismatch(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	data, err := os.ReadFile(filepath.Join("snapshot", "testdata", "engine-run-v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	v1, err := snapshot.Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	s := mergeable(v1, "a")
	if err := snapshot.WriteFile(a, s); err != nil {
		t.Fatal(err)
	}
	s = mergeable(v1, "b")
	s.Runs[0].Params["prefill"]++
	if err := snapshot.WriteFile(b, s); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(dir, "old.json")
	if err := os.WriteFile(old, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"parameter", []string{a, b}, "merge: runs[0].params.prefill differs: " + a + " has 10000, " + b + " has 10001"},
		{"v1", []string{a, old}, "mcptop.snapshot/v1: its seconds carry no wall-clock time"},
		{"one file", []string{a}, "need at least 2 snapshots"},
		{"empty directory", []string{filepath.Join(dir, "empty")}, "no *.json snapshots"},
		{"unreadable", []string{a, filepath.Join(dir, "none.json")}, "none.json"},
		{"same instance twice", []string{a, a}, `both of instance "a"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), append([]string{"merge"}, tc.args...), &stdout, &stderr)
			var ue usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("merge %v = %v, want exit 2 naming %q", tc.args, err, tc.want)
			}
			if stdout.Len() > 0 {
				t.Errorf("a refused merge wrote %d bytes", stdout.Len())
			}
		})
	}
}

// mergeable turns the v1 fixture into a v2 snapshot of instance name, so
// that what differs is only what a test changes.
func mergeable(v1 *snapshot.Snapshot, name string) *snapshot.Snapshot {
	var s snapshot.Snapshot
	data, _ := json.Marshal(v1)
	_ = json.Unmarshal(data, &s)
	s.Schema, s.Instance = snapshot.Schema, name
	return &s
}
