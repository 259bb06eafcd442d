package mcpwire

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcptop/mcptop/workload"
)

// countRecorder counts recorded latencies and keeps the largest.
type countRecorder struct {
	n   int64
	max time.Duration
}

func (r *countRecorder) Record(d time.Duration) {
	r.n++
	r.max = max(r.max, d)
}

// runFor runs a pipeline until it has completed at least n operations (over
// as many Runs as it takes, like the engine's slices), and returns the totals.
func runFor(t *testing.T, p workload.Pipeline, n int64, rec workload.Recorder) (ops, errs int64, last error) {
	t.Helper()
	for ops < n {
		var done atomic.Int64
		o, e, l := p.Run(func() bool { return done.Add(1) > max(1, n/10) }, rec)
		ops += o
		errs += e
		if l != nil {
			last = l
		}
		if o == 0 {
			t.Fatalf("a Run completed nothing (errors %d, last %v)", errs, last)
		}
	}
	return ops, errs, last
}

func TestE2EWorkload(t *testing.T) {
	w := E2EWorkload()
	cases := []struct {
		name    string
		variant workload.Variant
		params  workload.Params
		workers int
		ops     int64
	}{
		{"baseline defaults", workload.Baseline, nil, 2, 500},
		{"optimised defaults", workload.Optimised, nil, 2, 500},
		{"baseline 100KiB one conn", workload.Baseline, workload.Params{"conns": 1, "depth": 2, "size": 100 << 10}, 1, 4},
		{"optimised 100KiB one conn", workload.Optimised, workload.Params{"conns": 1, "depth": 2, "size": 100 << 10}, 1, 4},
		{"optimised more workers than conns", workload.Optimised, workload.Params{"conns": 1, "depth": 8}, 3, 100},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := w.Defaults()
			for k, v := range tc.params {
				p[k] = v
			}
			if err := w.Validate(p); err != nil {
				t.Fatal(err)
			}
			in, err := w.New(tc.variant, p)
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			var ws []workload.Pipeline
			for i := range tc.workers {
				pw, ok := in.Worker(i).(workload.Pipeline)
				if !ok {
					t.Fatal("e2e worker is not a Pipeline")
				}
				ws = append(ws, pw)
			}
			var rec countRecorder
			ops, errs, last := runFor(t, ws[0], tc.ops, &rec)
			if errs != 0 || last != nil {
				t.Fatalf("%d errors, last %v", errs, last)
			}
			if rec.n != ops {
				t.Fatalf("recorded %d latencies for %d ops", rec.n, ops)
			}
			for i, pw := range ws[1:] {
				o, e, l := pw.Run(func() bool { return true }, &rec)
				conns := p["conns"]
				if i+1 >= conns && (o != 0 || e != 0 || l != nil) {
					t.Fatalf("worker %d has no connection but did %d ops", i+1, o)
				}
			}
			if in.BytesPerOp() < int64(p["size"]) {
				t.Fatalf("BytesPerOp %d is less than the request size %d", in.BytesPerOp(), p["size"])
			}
		})
	}
}
