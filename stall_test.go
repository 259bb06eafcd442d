package main

import (
	"bytes"
	"context"
	"net"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/mcptop/mcptop/mcpwire"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/workload"
)

// stallingServer is mcptop's built-in server behind a proxy that stalls
// every request for d, once: the first request it sees after a given time
// from its first byte starts the stall, and for d nothing passes either
// way on any connection. Each side's server stalls in that side's turn.
type stallingServer struct {
	addr  string
	l     net.Listener
	srv   *mcpwire.Server
	wg    sync.WaitGroup
	mu    sync.Mutex
	first time.Time // the first byte
	from  time.Time // when the stall began; zero before
	after time.Duration
	d     time.Duration
}

func newStallingServer(t *testing.T, after, d time.Duration) *stallingServer {
	t.Helper()
	back, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &stallingServer{srv: mcpwire.NewServer(mcpwire.ServerOptions{Stack: workload.Optimised}), after: after, d: d}
	go s.srv.Serve(back)
	if s.l, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	s.addr = s.l.Addr().String()
	s.wg.Add(1)
	go s.accept(back.Addr().String())
	t.Cleanup(func() {
		s.l.Close()
		s.srv.Close()
		s.wg.Wait()
	})
	return s
}

func (s *stallingServer) accept(back string) {
	defer s.wg.Done()
	for {
		c, err := s.l.Accept()
		if err != nil {
			return
		}
		b, err := net.Dial("tcp", back)
		if err != nil {
			c.Close()
			continue
		}
		s.wg.Add(2)
		go func() { defer s.wg.Done(); s.forward(b, c, true); b.Close() }()
		go func() { defer s.wg.Done(); s.forward(c, b, false); c.Close() }()
	}
}

// forward copies src to dst, holding each chunk until the stall, if it
// is on, is over; a request from the client may start it.
func (s *stallingServer) forward(dst, src net.Conn, fromClient bool) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			s.mu.Lock()
			now := time.Now()
			if s.first.IsZero() {
				s.first = now
			}
			if fromClient && s.from.IsZero() && now.Sub(s.first) >= s.after {
				s.from = now
			}
			until := s.from.Add(s.d)
			s.mu.Unlock()
			if !s.from.IsZero() && now.Before(until) {
				time.Sleep(until.Sub(now))
			}
			if _, err := dst.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// TestOpenLoopSeesAStall is the README's reason for open loops: a server
// that stalls every request for 1 s once, about 5 s in, 10 s at 1,000
// requests/s against two of them (each side's stalls in its own turn). From the
// intended send time the stall shows (p99 ≥ 500 ms, max ≥ 900 ms) while
// the service time, from the actual send, stays near normal: with at most
// 32 requests in flight, most of those the stall delayed were held back,
// not sent. The same servers closed loop at depth 32 do not show it at
// all: the stall stops the generator too, and the 32 requests it holds
// complete after the turn has ended, in its drain, which a closed loop
// keeps out of its latencies.
func TestOpenLoopSeesAStall(t *testing.T) {
	if testing.Short() {
		t.Skip("two 10-second runs")
	}
	type figures struct{ p99, max, svcP99 float64 }
	measure := func(load ...string) [2]figures {
		t.Helper()
		a, b := newStallingServer(t, 5*time.Second, time.Second), newStallingServer(t, 5*time.Second, time.Second)
		out := filepath.Join(t.TempDir(), "stall.json")
		args := append([]string{"--headless", "--target", "tcp://" + a.addr, "--target-b", "tcp://" + b.addr,
			"--duration", "10s", "--warmup", "0", "--target-timeout", "5s", "--out", out}, load...)
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), args, &stdout, &stderr); err != nil {
			t.Fatalf("run %q: %v\n%s%s", args, err, stdout.String(), stderr.String())
		}
		snap, err := snapshot.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		var f [2]figures
		for v, vr := range snap.Runs[0].Variants {
			s := vr.Summary
			f[v] = figures{s.LatencyP99Us, s.LatencyMaxUs, s.ServiceP99Us}
			t.Logf("%v %s: p50 %.0fµs p99 %.0fµs max %.0fµs; service p50 %.0fµs p99 %.0fµs max %.0fµs; %d ops, %d capped, behind %.3fs",
				load, vr.Impl, s.LatencyP50Us, s.LatencyP99Us, s.LatencyMaxUs, s.ServiceP50Us, s.ServiceP99Us, s.ServiceMaxUs,
				s.Ops, s.CappedSends, s.BehindScheduleS)
		}
		return f
	}
	for v, f := range measure("--rate", "1000", "--max-inflight", "32") {
		if f.p99 < 500_000 || f.max < 900_000 || f.svcP99 > 20_000 {
			t.Errorf("open loop, side %d: p99 %.0fµs, max %.0fµs, service p99 %.0fµs; want p99 ≥ 500ms, max ≥ 900ms, service p99 near normal",
				v, f.p99, f.max, f.svcP99)
		}
	}
	for v, f := range measure("--depth", "32") {
		if f.p99 > 20_000 || f.max > 500_000 {
			t.Errorf("closed loop, side %d: p99 %.0fµs, max %.0fµs; want the stall unseen", v, f.p99, f.max)
		}
	}
}
