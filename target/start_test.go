//go:build unix

package target

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcptop/mcptop/workload"
)

func TestStartTimeoutBoundsASilentServer(t *testing.T) {
	t0 := time.Now()
	_, err := New(context.Background(), Config{A: "sleep 100", StartTimeout: 300 * time.Millisecond, LogDir: t.TempDir()})
	took := time.Since(t0)
	if err == nil || !strings.Contains(err.Error(), "not ready within the start timeout of 300ms") || !strings.Contains(err.Error(), "still running (pid") {
		t.Fatalf("error %v: want the start timeout and the server's state", err)
	}
	if took > 3*time.Second {
		t.Fatalf("gave up after %v", took)
	}
}

func TestCloseAbortsAStart(t *testing.T) {
	tg, err := Prepare(context.Background(), Config{A: "sleep 100", StartTimeout: time.Minute, LogDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	w := tg.Workload()
	if !strings.HasPrefix(w.Starting, "starting server A (sleep 100)") {
		t.Errorf("Starting %q", w.Starting)
	}
	done := make(chan error, 1)
	go func() {
		_, err := w.Impls[0].New(w.Defaults())
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	t0 := time.Now()
	tg.Close()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "start cancelled") {
			t.Fatalf("error %v, want the start cancelled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the start went on after Close")
	}
	if took := time.Since(t0); took > 2*time.Second {
		t.Errorf("Close took %v with a start under way", took)
	}
}

func TestSessionsAreSpreadOverWorkers(t *testing.T) {
	tg, err := Prepare(context.Background(), Config{A: helperCommand("serve"), LogDir: t.TempDir(), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	w := tg.Workload()
	if p, _ := w.Param("sessions"); p.Default != DefaultSessions {
		t.Errorf("a command's default sessions %d, want %d", p.Default, DefaultSessions)
	}
	in, err := w.Impls[1].New(workload.Params{"depth": 2, "sessions": 3})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if n := len(tg.sides[1].sessions); n != 3 {
		t.Fatalf("%d sessions, want 3", n)
	}
	pids := map[int]bool{}
	for _, ss := range tg.sides[1].sessions {
		pids[ss.child.Pid()] = true
	}
	if len(pids) != 3 {
		t.Fatalf("sessions share processes: %v", pids)
	}
	// Two workers: worker 0 drives sessions 0 and 2, worker 1 session 1.
	ws := []workload.Pipeline{in.Worker(0).(workload.Pipeline), in.Worker(1).(workload.Pipeline)}
	var wg sync.WaitGroup
	tallies := make([]workload.Tally, 2)
	for i, p := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tallies[i].RunFor(p, 300)
		}()
	}
	wg.Wait()
	for i, tl := range tallies {
		if tl.Errs != 0 || tl.Ops < 300 {
			t.Errorf("worker %d: %d ops, %d errors (%v)", i, tl.Ops, tl.Errs, tl.Last)
		}
	}
	u, ok := in.(workload.ServerMeter).ServerUsage()
	if !ok || u.RSS <= 0 {
		t.Errorf("server usage %+v, %t: want the three children's memory", u, ok)
	}
}

func TestColdStart(t *testing.T) {
	tg, err := Prepare(context.Background(), Config{A: helperCommand("serve"), Call: "initialize", LogDir: t.TempDir(), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	w := tg.Workload()
	if !strings.HasPrefix(w.Description, "cold starts") {
		t.Errorf("description %q", w.Description)
	}
	in, err := w.Impls[0].New(w.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if l := in.(workload.Labeled).Label(); l != "helper serve (A)" {
		t.Errorf("label %q", l)
	}
	if _, known := in.(workload.ServerMeter).ServerUsage(); known {
		t.Error("the check's start counted as a measurement")
	}
	op := in.Worker(0)
	for range 3 {
		if err := op.Op(); err != nil {
			t.Fatal(err)
		}
	}
	if len(tg.sides[0].sessions) != 0 {
		t.Error("a cold start kept a session")
	}
	u, known := in.(workload.ServerMeter).ServerUsage()
	if !known || u.CPU <= 0 || u.RSS <= 0 {
		t.Errorf("server usage %+v, %t: want what the exited children used", u, known)
	}
}

func TestColdStartOfABrokenServer(t *testing.T) {
	tg, err := Prepare(context.Background(), Config{A: helperCommand("crash:1"), Call: "initialize", LogDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	w := tg.Workload()
	_, err = w.Impls[0].New(w.Defaults())
	var se *ServerError
	if !errors.As(err, &se) || !strings.Contains(se.Status, "exit status 3") {
		t.Fatalf("error %v, want the server's exit", err)
	}
}

func TestColdStartLabelsTwoServersApart(t *testing.T) {
	tg, err := Prepare(context.Background(), Config{A: helperCommand("serve"), B: helperCommand("serve"), Call: "initialize", LogDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	w := tg.Workload()
	var labels []string
	for _, v := range workload.Variants {
		in, err := w.Impls[v].New(w.Defaults())
		if err != nil {
			t.Fatal(err)
		}
		labels = append(labels, in.(workload.Labeled).Label())
		in.Close()
	}
	if labels[0] != "helper serve (A)" || labels[1] != "helper serve (B)" {
		t.Errorf("labels %q: two servers with one name, told apart", labels)
	}
}

func TestOneServerOnBothSidesIsRefused(t *testing.T) {
	tg, err := Prepare(context.Background(), Config{A: helperCommand("serve"), B: helperCommand("serve"), LogDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	w := tg.Workload()
	in, err := w.Impls[1].New(w.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Impls[1].New(w.Defaults()); err == nil || !strings.Contains(err.Error(), "runs on the other side already") {
		t.Fatalf("error %v: one server's sessions cannot drive two sides", err)
	}
	in.Close()
	in, err = w.Impls[1].New(w.Defaults())
	if err != nil {
		t.Fatalf("after the first closed: %v", err)
	}
	in.Close()
}
