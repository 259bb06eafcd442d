package correlation

import (
	"errors"
	"fmt"
	"testing"

	"github.com/mcptop/mcptop/workload"
)

func TestPipelineRunsToStopThenDrains(t *testing.T) {
	t.Parallel()
	for _, k := range kinds {
		for _, depth := range []int{1, 7, 100, 1000} {
			t.Run(fmt.Sprintf("%s/depth=%d", k, depth), func(t *testing.T) {
				t.Parallel()
				c := newClient(k, DefaultResponders, 0)
				defer c.Close()
				p := newPipe(c, depth)
				const want = 3000
				rec := workload.Tally{Every: 1, Keep: true}
				calls := 0
				p.Run(func() bool { calls++; return rec.Ops >= want }, &rec)
				ops := rec.Ops
				if rec.Errs != 0 || rec.Last != nil {
					t.Fatalf("errs %d, last %v", rec.Errs, rec.Last)
				}
				if ops != int64(len(rec.Latencies)) || rec.TimedN != ops {
					t.Fatalf("ops %d, timed %d, latencies %d: every op should be timed at Every 1", ops, rec.TimedN, len(rec.Latencies))
				}
				if rec.Fulls != 1 || rec.Drains != 1 {
					t.Errorf("Full called %d times, Draining %d; want once each", rec.Fulls, rec.Drains)
				}
				// Stop is asked once per completion until it says yes; the
				// requests in flight then are drained, not dropped.
				if ops < want || ops > int64(want+depth) {
					t.Fatalf("ops %d, want %d..%d", ops, want, want+depth)
				}
				if int64(calls) != ops-int64(depth)+1 {
					t.Errorf("stop asked %d times for %d ops at depth %d", calls, ops, depth)
				}
				for i, d := range rec.Latencies {
					if d <= 0 {
						t.Fatalf("latency %d is %v", i, d)
					}
				}
				checkEmpty(t, c)
				if s := c.Stats(); s.Delivered != uint64(ops) {
					t.Errorf("delivered %d, want %d", s.Delivered, ops)
				}
				// Nothing crosses the end of a run: a second run starts clean.
				var rec2 workload.Tally
				p.Run(func() bool { return true }, &rec2)
				if rec2.Ops != int64(depth) || rec2.Errs != 0 {
					t.Errorf("second run: ops %d errs %d, want %d and 0", rec2.Ops, rec2.Errs, depth)
				}
				if err := p.Op(); err != nil {
					t.Errorf("Op: %v", err)
				}
				checkEmpty(t, c)
			})
		}
	}
}

// A response carrying another request's answer is reported as an error by
// the pipeline, so a table that misdelivered would show up in the workload.
func TestPipelineReportsMisdelivery(t *testing.T) {
	t.Parallel()
	for _, k := range kinds {
		t.Run(k.String(), func(t *testing.T) {
			t.Parallel()
			c := manualClient(t, k, 0)
			p := newPipe(c, 2)
			done := make(chan workload.Tally, 1)
			go func() {
				var rec workload.Tally
				p.Run(func() bool { return true }, &rec)
				done <- rec
			}()
			reqs := takeRequests(t, c, 2)
			// Swap the answers: right ids, wrong values.
			inject(t, c, item{reqs[0].id, respond(reqs[1].val)}, item{reqs[1].id, respond(reqs[0].val)})
			r := <-done
			if r.Ops != 2 || r.Errs != 2 || !errors.Is(r.Last, errMisdelivered) {
				t.Fatalf("ops %d errs %d last %v; want 2, 2, errMisdelivered", r.Ops, r.Errs, r.Last)
			}
		})
	}
}

func TestPipelineStopsOnClose(t *testing.T) {
	t.Parallel()
	for _, k := range kinds {
		t.Run(k.String(), func(t *testing.T) {
			t.Parallel()
			c := newClient(k, 0, 0) // nobody answers
			p := newPipe(c, 10)
			done := make(chan error, 1)
			go func() {
				var rec workload.Tally
				p.Run(func() bool { return false }, &rec)
				done <- rec.Last
			}()
			takeRequests(t, c, 10)
			c.Close()
			if err := <-done; !errors.Is(err, ErrClosed) {
				t.Fatalf("Run after Close: %v, want ErrClosed", err)
			}
		})
	}
}

func TestWorkload(t *testing.T) {
	t.Parallel()
	w := Workload()
	if w.Name != "correlation" || w.Pair != [2]string{"owner", "ring"} || len(w.Impls) != int(numKinds) {
		t.Fatalf("name %q pair %q impls %d", w.Name, w.Pair, len(w.Impls))
	}
	if err := w.CheckImpls(); err != nil {
		t.Fatal(err)
	}
	d, ok := w.Param("depth")
	if !ok || d.Default != 1000 || d.Min != 1 || d.Max != 10_000 || fmt.Sprint(d.Steps) != "[1 100 1000 10000]" {
		t.Fatalf("depth param %+v", d)
	}
	if err := w.Validate(w.Defaults()); err != nil {
		t.Fatal(err)
	}
	for _, im := range w.Impls {
		t.Run(im.Name, func(t *testing.T) {
			t.Parallel()
			in, err := im.New(workload.Params{"depth": 50})
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			wk := in.Worker(0)
			if in.Worker(0) != wk || in.Worker(1) == wk {
				t.Fatal("Worker(i) must return i's own worker, the same each time")
			}
			pl, ok := wk.(workload.Pipeline)
			if !ok {
				t.Fatalf("worker %T is not a Pipeline", wk)
			}
			rec := workload.Tally{Every: 4}
			pl.Run(func() bool { return rec.Ops >= 500 }, &rec)
			if rec.Errs != 0 || rec.Ops < 500 || rec.TimedN < rec.Ops/8 || rec.TimedN > rec.Ops/2 {
				t.Fatalf("ops %d errs %d last %v timed %d (want about 1 in 4)", rec.Ops, rec.Errs, rec.Last, rec.TimedN)
			}
			if err := wk.Op(); err != nil {
				t.Fatalf("Op: %v", err)
			}
			if in.BytesPerOp() != 0 {
				t.Errorf("BytesPerOp = %d", in.BytesPerOp())
			}
		})
	}
	for _, depth := range []int{0, 10_001} {
		t.Run(fmt.Sprintf("depth=%d", depth), func(t *testing.T) {
			t.Parallel()
			if in, err := w.Impls[0].New(workload.Params{"depth": depth}); err == nil {
				in.Close()
				t.Fatal("accepted an out-of-range depth")
			}
		})
	}
}

// TestPipelineAllocatesNothing checks the hot path: a round trip allocates
// nothing once the client is warm, in every table but SyncMap, which boxes
// each id it stores (that is part of its cost).
func TestPipelineAllocatesNothing(t *testing.T) {
	for _, k := range kinds {
		if k == SyncMap {
			continue
		}
		t.Run(k.String(), func(t *testing.T) {
			c := newClient(k, DefaultResponders, 0)
			defer c.Close()
			p := newPipe(c, 100)
			var rec countRec
			p.Run(stopAfter(10_000), &rec) // warm up
			allocs := testing.AllocsPerRun(5, func() {
				p.Run(stopAfter(10_000), &rec)
			})
			// A batch or two may be replaced when a spare list was full; per
			// round trip that is far below one allocation.
			if perOp := allocs / 10_000; perOp > 0.01 {
				t.Errorf("%.0f allocations per 10,000 round trips", allocs)
			}
		})
	}
}
