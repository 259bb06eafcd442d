package tui

import (
	"context"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/workload"
)

// intInstance is a tiny real workload for the end-to-end test: the baseline
// formats and parses an int through a fresh string, the optimised variant
// appends into a buffer it keeps.
type intInstance struct{ v workload.Variant }

type intWorker struct {
	v   workload.Variant
	n   int64
	buf []byte
}

func (w *intWorker) Op() error {
	w.n++
	if w.v == workload.Baseline {
		_, err := strconv.ParseInt(strconv.FormatInt(w.n, 10), 10, 64)
		return err
	}
	w.buf = strconv.AppendInt(w.buf[:0], w.n, 10)
	return nil
}

func (i intInstance) Worker(int) workload.Worker { return &intWorker{v: i.v, buf: make([]byte, 0, 20)} }
func (intInstance) BytesPerOp() int64            { return 0 }
func (intInstance) Close() error                 { return nil }

func intWorkload(name string) workload.Workload {
	return workload.Workload{
		Name: name, Description: "format an int",
		Params: []workload.Param{{Name: "size", Default: 1, Min: 1, Max: 8}},
		Impls: []workload.Impl{
			{Name: "format", Label: "FormatInt+ParseInt",
				New: func(workload.Params) (workload.Instance, error) { return intInstance{workload.Baseline}, nil }},
			{Name: "append", Label: "AppendInt",
				New: func(workload.Params) (workload.Instance, error) { return intInstance{workload.Optimised}, nil }},
		},
		Pair: [2]string{"format", "append"},
	}
}

// TestEndToEnd runs the dashboard on a real engine: it waits for samples,
// presses 2, e and q, and checks the exported snapshot.
func TestEndToEnd(t *testing.T) {
	wls := []workload.Workload{intWorkload("alpha"), intWorkload("beta")}
	r, err := engine.New(engine.Config{
		Workloads: wls, Workers: 1, Slice: 10 * time.Millisecond, Tick: 100 * time.Millisecond,
		Warmup: 1, Observer: 25 * time.Nanosecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	raw := r.Start(ctx)
	defer r.Stop()

	// Forward the engine's updates to the UI, noting the seconds seen.
	ui := make(chan engine.Update)
	seconds := make(chan string, 4096)
	stop := make(chan struct{})
	forwarded := make(chan struct{})
	go func() {
		defer close(forwarded)
		defer close(ui)
		for u := range raw {
			if u.Tick {
				seconds <- u.Workload
			}
			select {
			case ui <- u:
			case <-stop:
				return
			}
		}
	}()
	waitSeconds := func(name string, n int) {
		t.Helper()
		deadline := time.After(20 * time.Second)
		for n > 0 {
			select {
			case w := <-seconds:
				if w == name {
					n--
				}
			case <-deadline:
				t.Fatalf("timed out waiting for seconds of %s", name)
			}
		}
	}

	out := filepath.Join(t.TempDir(), "session.json")
	in, keys := io.Pipe()
	type result struct {
		m   Model
		err error
	}
	done := make(chan result, 1)
	go func() {
		m, err := run(ctx, r, wls, ui, Options{Theme: "dark", Out: out, statusTTL: time.Millisecond},
			tea.WithInput(in), tea.WithOutput(io.Discard), tea.WithoutSignalHandler())
		done <- result{m, err}
	}()
	press := func(k string) {
		t.Helper()
		if _, err := keys.Write([]byte(k)); err != nil {
			t.Fatalf("typing %q: %v", k, err)
		}
	}

	waitSeconds("alpha", 3)
	press("2")
	waitSeconds("beta", 3)
	press("e")
	deadline := time.Now().Add(10 * time.Second)
	var snap *snapshot.Snapshot
	for snap == nil {
		if s, err := snapshot.ReadFile(out); err == nil {
			snap = s
		} else if time.Now().After(deadline) {
			t.Fatalf("the e key did not write a valid snapshot: %v", err)
		} else {
			time.Sleep(20 * time.Millisecond)
		}
	}
	press("q")
	var res result
	select {
	case res = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("q did not end the program")
	}
	keys.Close()
	close(stop)
	r.Stop()
	<-forwarded

	if res.err != nil {
		t.Fatalf("run: %v", res.err)
	}
	if res.m.current != "beta" {
		t.Errorf("after 2 the dashboard shows %q", res.m.current)
	}
	if h := res.m.hist["beta"]; h == nil || h.recent.n == 0 {
		t.Error("beta's charts never filled")
	}
	runs := map[string]bool{}
	for _, rn := range snap.Runs {
		runs[rn.Workload] = true
		for _, v := range rn.Variants {
			var ops int64
			for _, p := range v.Series {
				ops += p.Ops
			}
			if ops <= 0 {
				t.Errorf("%s/%s: no measured operations in %d seconds", rn.Workload, v.Variant, len(v.Series))
			}
		}
	}
	if !runs["alpha"] || !runs["beta"] {
		t.Errorf("snapshot runs %v, want alpha and beta", runs)
	}
}

func TestRunRejectsUnknownTheme(t *testing.T) {
	_, err := run(context.Background(), &fakeController{}, testWorkloads(), nil, Options{Theme: "neon"})
	if err == nil || !strings.Contains(err.Error(), "dark, light, high-contrast, mono") {
		t.Fatalf("err = %v", err)
	}
}
