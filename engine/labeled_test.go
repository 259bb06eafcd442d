package engine

import (
	"context"
	"testing"
	"time"

	"github.com/mcptop/mcptop/workload"
)

// labeledInst is an instance that names its variant once built.
type labeledInst struct {
	inst
	label string
}

func (i labeledInst) Label() string { return i.label }

// TestStartingLabelsAndSettings: a workload's Starting notice comes before
// its instances are built, an instance's Label replaces the workload's for
// the run, and the workload's Settings are recorded with it.
func TestStartingLabelsAndSettings(t *testing.T) {
	gate := make(chan struct{})
	w := workload.Workload{Name: "server"}.WithSides([2]string{"server-a", "server-b"}, [2]string{"A", "A'"},
		func(v workload.Variant, _ workload.Params) (workload.Instance, error) {
			<-gate // built only once the test has seen the notice
			in := inst{worker: workload.Func(func() error { sink.Add(spin(100)); return nil })}
			return labeledInst{inst: in, label: []string{"srv 1.0 (A)", "srv 1.0 (A')"}[v]}, nil
		})
	w.Starting = "starting server A…"
	w.Settings = map[string]string{"server_a": "tcp://127.0.0.1:9"}
	r, err := New(Config{Workloads: []workload.Workload{w}, Workers: 1, Slice: 20 * time.Millisecond, Tick: 100 * time.Millisecond, Warmup: 0})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := r.Start(ctx)
	if first := <-ch; first.Notice != w.Starting {
		t.Errorf("first update's notice %q, want %q while the instances are built", first.Notice, w.Starting)
	}
	close(gate)
	u := waitFor(t, ch, func(u Update) bool { return u.Tick })
	if u.Labels != [2]string{"srv 1.0 (A)", "srv 1.0 (A')"} {
		t.Errorf("labels %q", u.Labels)
	}
	r.Stop()
	for range ch {
	}
	run := r.Snapshot().Runs[0]
	if run.Settings["server_a"] != "tcp://127.0.0.1:9" || run.Variants[1].Label != "srv 1.0 (A')" {
		t.Errorf("snapshot settings %v, label %q", run.Settings, run.Variants[1].Label)
	}
}
