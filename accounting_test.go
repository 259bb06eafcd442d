package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/mcpwire"
	"github.com/mcptop/mcptop/report"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/target"
	"github.com/mcptop/mcptop/transport"
)

// serverConn is the server's side of an in-process MCP connection, turned
// into a broken build ("pong": every ping answered "method not found") or
// a server that stops answering (after mute, it reads requests and drops
// them).
type serverConn struct {
	transport.Conn
	pong bool
	mute time.Time
}

func (c *serverConn) Recv() ([]byte, error) {
	m, err := c.Conn.Recv()
	for err == nil && !c.mute.IsZero() && time.Now().After(c.mute) {
		m, err = c.Conn.Recv()
	}
	if c.pong {
		m = bytes.Replace(m, []byte(`"method":"ping"`), []byte(`"method":"pong"`), 1)
	}
	return m, err
}

// testServer starts mcptop's built-in server (serverInfo "svc 1.0" however
// it is broken) and returns how to dial it.
func testServer(t *testing.T, pong bool, muteAfter time.Duration) func(context.Context) (transport.Conn, error) {
	t.Helper()
	srv := mcpwire.NewServer(mcpwire.ServerOptions{Info: codec.Implementation{Name: "svc", Version: "1.0"}})
	t.Cleanup(func() { srv.Close() })
	return func(context.Context) (transport.Conn, error) {
		c, sc := net.Pipe()
		conn := &serverConn{Conn: transport.NewStream(sc, transport.StreamOptions{}), pong: pong}
		if muteAfter > 0 {
			conn.mute = time.Now().Add(muteAfter)
		}
		go srv.ServeConn(conn)
		return transport.NewStream(c, transport.StreamOptions{}), nil
	}
}

// runTarget is a headless run of the target workload against dial, calling
// call, writing its snapshot to out; it returns runHeadless's error and
// what it printed.
func runTarget(t *testing.T, dial func(context.Context) (transport.Conn, error), call string, timeout, d time.Duration, out string) (error, string) {
	t.Helper()
	tg, err := target.New(context.Background(), target.Config{DialA: dial, Call: call, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	o := &options{headless: true, workload: "target", duration: d, out: out, workers: 1,
		mode: engine.Alternate, slice: 100 * time.Millisecond}
	var stderr bytes.Buffer
	r, closeMetrics, err := newRunner(append(builtins(), tg.Workload()), o, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	defer closeMetrics()
	var stdout bytes.Buffer
	err = runHeadless(context.Background(), r, o, &stdout, &stderr)
	return err, stdout.String() + stderr.String()
}

// TestFailedWorkIsNotThroughput is the acceptance path: a run in
// which every op fails has 0 ops/s, a 100 % error rate, the verdict "not
// comparable" and exit status 1; compare flags the broken build by its
// errors (exit 1), and refuses runs that called something else (exit 2,
// naming the call).
func TestFailedWorkIsNotThroughput(t *testing.T) {
	dir := t.TempDir()
	ok, broken, other := filepath.Join(dir, "ok.json"), filepath.Join(dir, "allerr.json"), filepath.Join(dir, "nosuch.json")
	if err, out := runTarget(t, testServer(t, false, 0), "ping", time.Second, 2*time.Second, ok); err != nil {
		t.Fatalf("a healthy run: %v\n%s", err, out)
	}
	err, out := runTarget(t, testServer(t, true, 0), "ping", time.Second, 2*time.Second, broken)
	if !errors.Is(err, exitMaxErrors) ||
		!strings.Contains(out, "not comparable: server-a failed 100 % and server-b 100 % of ops") {
		t.Fatalf("all-error run: %v, want exit status 1 saying not comparable\n%s", err, out)
	}
	s, rerr := snapshot.ReadFile(broken)
	if rerr != nil {
		t.Fatal(rerr)
	}
	r := s.Runs[0]
	for _, v := range r.Variants {
		if v.Summary.ThroughputMedianOpsPerS != 0 || v.Summary.ErrorRate != 1 || v.Summary.Ops != 0 {
			t.Errorf("%s: %v ops/s, error rate %v, %d ops; want 0, 1, 0", v.Variant,
				v.Summary.ThroughputMedianOpsPerS, v.Summary.ErrorRate, v.Summary.Ops)
		}
	}
	if r.Comparison.Comparable || !strings.HasPrefix(r.Comparison.Verdict, "not comparable") || r.Settings["call"] != "ping" {
		t.Errorf("comparison %+v, settings %v", r.Comparison, r.Settings)
	}
	if err, out := runTarget(t, testServer(t, false, 0), "nosuch/method", time.Second, 2*time.Second, other); !errors.Is(err, exitMaxErrors) {
		t.Fatalf("nosuch/method: %v, want exit status 1\n%s", err, out)
	}

	var stdout, stderr bytes.Buffer
	if code := report.RunCompare(context.Background(), []string{ok, broken}, nil, &stdout, &stderr); code != 1 ||
		!strings.Contains(stdout.String(), "optimised errors: none in "+ok) {
		t.Errorf("compare ok.json allerr.json: exit %d, want 1 naming errors\n%s%s", code, stdout.String(), stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	if code := report.RunCompare(context.Background(), []string{ok, other}, nil, &stdout, &stderr); code != 2 ||
		!strings.Contains(stdout.String(), `call "ping" → "nosuch/method"`) {
		t.Errorf("compare ok.json nosuch.json: exit %d, want 2 naming the call\n%s%s", code, stdout.String(), stderr.String())
	}
}

// TestStalledServerTimeoutsAreRecorded: a server that stops answering
// mid-run shows as timed-out requests in the error series, with their
// latency — the timeout — in the failed ops' histogram.
func TestStalledServerTimeoutsAreRecorded(t *testing.T) {
	const timeout = 200 * time.Millisecond
	out := filepath.Join(t.TempDir(), "stall.json")
	err, printed := runTarget(t, testServer(t, false, 1500*time.Millisecond), "ping", timeout, 3*time.Second, out)
	if !errors.Is(err, exitMaxErrors) {
		t.Fatalf("stalled run: %v, want exit status 1\n%s", err, printed)
	}
	s, rerr := snapshot.ReadFile(out)
	if rerr != nil {
		t.Fatal(rerr)
	}
	for _, v := range s.Runs[0].Variants {
		var timeouts, ops int64
		for _, p := range v.Series {
			timeouts += p.Timeouts
			ops += p.Ops
		}
		var atTimeout uint64
		for _, b := range v.ErrorHistogram {
			if b.HiNs >= int64(timeout) {
				atTimeout += b.Count
			}
		}
		if ops == 0 || timeouts == 0 || atTimeout == 0 || v.Summary.ErrorLatencyMaxUs < float64(timeout/time.Microsecond) {
			t.Errorf("%s: %d ops, %d timeouts in the series, %d failed ops at the timeout, failed max %v µs",
				v.Variant, ops, timeouts, atTimeout, v.Summary.ErrorLatencyMaxUs)
		}
	}
}
