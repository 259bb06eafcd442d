// Command minclient is the smallest MCP load generator we could write by
// hand: it starts a stdio MCP server, runs initialize, then keeps -depth ping
// requests in flight on one goroutine and counts the round trips per second.
// It parses nothing but the line framing and takes every line that is not a
// notification or a request for a response, so it is an upper bound for what
// a client can drive through the server.
//
// With -compare it checks that mcptop's client is not what limits a
// measurement: it starts two instances of the server, drives one with the
// minimal client and the other with mcptop's target workload (the same
// pipeline the dashboard runs), the two taking turns in 100 ms slices as the
// engine's alternate mode does (each fills its pipeline at the start of a
// slice and drains it at the end), and prints each one's round trips per
// second of its own active time. Noise on a shared machine hits both alike.
//
//	minclient [-depth 32] [-duration 10s] [-compare] CMD ARGS...
//
// Of mcptop it imports only target (the target workload) and the workload contract, and no
// third-party module.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/mcptop/mcptop/target"
	"github.com/mcptop/mcptop/workload"
)

func main() {
	depth := flag.Int("depth", 32, "requests in flight")
	duration := flag.Duration("duration", 10*time.Second, "how long to measure, after a 2 s warm-up")
	compare := flag.Bool("compare", false, "alternate with mcptop's client against a second instance of the server")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: minclient [-depth N] [-duration D] [-compare] CMD ARGS...")
		os.Exit(2)
	}
	var err error
	if *compare {
		err = runCompare(flag.Args(), *depth, *duration)
	} else {
		err = runAlone(flag.Args(), *depth, *duration)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "minclient:", err)
		os.Exit(1)
	}
}

// minimal is the hand-written client: one goroutine, buffered pipes, ids
// counted up, responses recognised by not starting with a method.
type minimal struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	r   *bufio.Reader
	w   *bufio.Writer
	id  int
}

func start(argv []string) (*minimal, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	m := &minimal{cmd: cmd, in: in, r: bufio.NewReaderSize(out, 64<<10), w: bufio.NewWriterSize(in, 64<<10)}
	fmt.Fprintln(m.w, `{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"minclient","version":"1"}}}`)
	m.w.Flush()
	for {
		line, err := m.r.ReadSlice('\n')
		if err != nil {
			m.close()
			return nil, fmt.Errorf("initialize: %w", err)
		}
		if bytes.Contains(line, []byte(`"id":0`)) {
			break
		}
	}
	fmt.Fprintln(m.w, `{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	return m, nil
}

func (m *minimal) close() {
	m.in.Close()
	m.cmd.Process.Kill()
	m.cmd.Wait()
}

func (m *minimal) send() {
	m.id++
	m.w.WriteString(`{"jsonrpc":"2.0","id":`)
	m.w.WriteString(strconv.Itoa(m.id))
	m.w.WriteString(`,"method":"ping"}` + "\n")
}

// response reads lines until one is a response.
func (m *minimal) response() error {
	for {
		line, err := m.r.ReadSlice('\n')
		if err != nil {
			return err
		}
		if !strings.Contains(string(line[:min(len(line), 24)]), `"method"`) {
			return nil
		}
	}
}

// slice keeps depth pings in flight until the deadline, then drains them; it
// returns the round trips completed.
func (m *minimal) slice(depth int, until time.Time) (int, error) {
	for range depth {
		m.send()
	}
	m.w.Flush()
	n, inflight := 0, depth
	for inflight > 0 {
		if err := m.response(); err != nil {
			return n, err
		}
		n++
		inflight--
		if time.Now().Before(until) {
			m.send()
			inflight++
		}
		if m.r.Buffered() == 0 {
			m.w.Flush()
		}
	}
	return n, nil
}

// runAlone measures the minimal client on its own, continuously.
func runAlone(argv []string, depth int, duration time.Duration) error {
	m, err := start(argv)
	if err != nil {
		return err
	}
	defer m.close()
	if _, err := m.slice(depth, time.Now().Add(2*time.Second)); err != nil {
		return err
	}
	t0 := time.Now()
	n, err := m.slice(depth, t0.Add(duration))
	if err != nil {
		return err
	}
	d := time.Since(t0)
	fmt.Printf("%.0f round trips/s (%d in %v, %d in flight)\n", float64(n)/d.Seconds(), n, d.Round(time.Millisecond), depth)
	return nil
}

// runCompare alternates the minimal client and mcptop's in 100 ms slices.
func runCompare(argv []string, depth int, duration time.Duration) error {
	m, err := start(argv)
	if err != nil {
		return err
	}
	defer m.close()
	t, err := target.New(context.Background(), target.Config{A: shellJoin(argv)})
	if err != nil {
		return err
	}
	defer t.Close()
	in, err := t.Workload().Impls[0].New(workload.Params{"depth": depth})
	if err != nil {
		return err
	}
	defer in.Close()
	pipe, ok := in.Worker(0).(workload.Pipeline)
	if !ok {
		return errors.New("the target worker is not a pipeline")
	}
	const slice = 100 * time.Millisecond
	var (
		minN, ourN     int64
		minDur, ourDur time.Duration
		ourErrs        int64
	)
	warm := time.Now().Add(2 * time.Second)
	end := warm.Add(duration)
	for measuring := false; time.Now().Before(end); {
		if !measuring && time.Now().After(warm) {
			measuring = true
			minN, ourN, minDur, ourDur, ourErrs = 0, 0, 0, 0, 0
		}
		t0 := time.Now()
		n, err := m.slice(depth, t0.Add(slice))
		if err != nil {
			return err
		}
		t1 := time.Now()
		until := t1.Add(slice)
		var rec workload.Tally
		pipe.Run(func() bool { return time.Now().After(until) }, &rec)
		t2 := time.Now()
		if rec.Errs > 0 {
			return fmt.Errorf("mcptop's client: %d errors, last %v", rec.Errs, rec.Last)
		}
		minN += int64(n)
		minDur += t1.Sub(t0)
		ourN += rec.Ops
		ourDur += t2.Sub(t1)
		ourErrs += rec.Errs
	}
	minRate := float64(minN) / minDur.Seconds()
	ourRate := float64(ourN) / ourDur.Seconds()
	fmt.Printf("minimal client %.0f round trips/s, mcptop's client %.0f round trips/s: %.1f%% (%d in flight, %v each, 100 ms turns)\n",
		minRate, ourRate, 100*ourRate/minRate, depth, duration)
	return nil
}

// shellJoin quotes argv for proc.SplitCommand, which target.Config.A goes
// through.
func shellJoin(argv []string) string {
	q := make([]string, len(argv))
	for i, a := range argv {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}
