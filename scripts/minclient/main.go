// Command minclient is the smallest MCP load generator we could write by
// hand: it starts a stdio MCP server, runs initialize, then keeps -depth ping
// requests in flight on one goroutine and counts the round trips per second.
// With -http URL it is the smallest Streamable HTTP client instead: one
// session, -depth goroutines each POSTing a ping and reading the whole
// answer in a loop over a keep-alive pool, alternating with mcptop's client
// (-depth in flight too, over -sessions sessions) as -compare does.
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
//	minclient -http URL [-depth 32] [-sessions 1] [-duration 10s]
//	minclient -sdk-listen 127.0.0.1:0 [-sdk-json]
//
// -sdk-listen serves the official Go SDK's Streamable HTTP handler instead,
// in a process of its own, for -http to measure against.
//
// Of mcptop it imports only target (the target workload) and the workload
// contract; of third-party modules only the Go SDK, for -sdk-listen.
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
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/mcptop/mcptop/target"
	"github.com/mcptop/mcptop/workload"
)

func main() {
	depth := flag.Int("depth", 32, "requests in flight")
	duration := flag.Duration("duration", 10*time.Second, "how long to measure, after a 2 s warm-up")
	compare := flag.Bool("compare", false, "alternate with mcptop's client against a second instance of the server")
	url := flag.String("http", "", "a Streamable HTTP server's URL instead of a command: alternate the minimal HTTP client and mcptop's against it")
	sessions := flag.Int("sessions", 1, "with -http: mcptop's sessions, the depth shared among them")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run here")
	sdkListen := flag.String("sdk-listen", "", "instead: serve the Go SDK's Streamable HTTP handler on HOST:PORT until SIGINT or SIGTERM")
	sdkJSON := flag.Bool("sdk-json", false, "with -sdk-listen: answer in JSON rather than event streams")
	flag.Parse()
	if *sdkListen != "" {
		if err := serveSDK(*sdkListen, *sdkJSON); err != nil {
			fmt.Fprintln(os.Stderr, "minclient:", err)
			os.Exit(1)
		}
		return
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "minclient:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if (flag.NArg() == 0) == (*url == "") || *sessions < 1 || *depth%*sessions != 0 {
		fmt.Fprintln(os.Stderr, "usage: minclient [-depth N] [-duration D] [-compare] CMD ARGS...\n       minclient -http URL [-depth N] [-sessions S] [-duration D]")
		os.Exit(2)
	}
	var err error
	switch {
	case *url != "":
		err = runHTTPCompare(*url, *depth, *sessions, *duration)
	case *compare:
		err = runCompare(flag.Args(), *depth, *duration)
	default:
		err = runAlone(flag.Args(), *depth, *duration)
	}
	if err != nil {
		pprof.StopCPUProfile()
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
	in, err := t.Workload().Impls[0].New(workload.Params{"depth": depth, "sessions": 1})
	if err != nil {
		return err
	}
	defer in.Close()
	pipe, ok := in.Worker(0).(workload.Pipeline)
	if !ok {
		return errors.New("the target worker is not a pipeline")
	}
	minSlice := func(until time.Time) (int64, error) {
		n, err := m.slice(depth, until)
		return int64(n), err
	}
	r, err := alternate(minSlice, pipe, duration)
	if err != nil {
		return err
	}
	fmt.Printf("minimal client %v (%d in flight, %v each, 100 ms turns)\n", r, depth, duration)
	return nil
}

// rates are what alternate measured of each client: round trips per
// second of its own turns, and the process's CPU time per round trip
// during them.
type rates struct {
	minRate, ourRate float64
	minCPU, ourCPU   time.Duration
}

func (r rates) String() string {
	return fmt.Sprintf("%.0f round trips/s (%v CPU each), mcptop's client %.0f round trips/s (%v CPU each): %.1f%%",
		r.minRate, r.minCPU, r.ourRate, r.ourCPU, 100*r.ourRate/r.minRate)
}

// alternate gives the minimal client (minSlice: run until then, return the
// round trips) and mcptop's pipeline 100 ms turns each, after a 2 s
// warm-up, for duration, and returns what each did in its own turns.
func alternate(minSlice func(until time.Time) (int64, error), pipe workload.Pipeline, duration time.Duration) (rates, error) {
	const slice = 100 * time.Millisecond
	var (
		minN, ourN       int64
		minDur, ourDur   time.Duration
		minCPU, ourCPU   time.Duration
		measuring, ready bool
	)
	warm := time.Now().Add(2 * time.Second)
	end := warm.Add(duration)
	for time.Now().Before(end) {
		if !measuring && time.Now().After(warm) {
			measuring, ready = true, true
		}
		if ready {
			minN, ourN, minDur, ourDur, minCPU, ourCPU = 0, 0, 0, 0, 0, 0
			ready = false
		}
		t0, c0 := time.Now(), cpuTime()
		n, err := minSlice(t0.Add(slice))
		if err != nil {
			return rates{}, err
		}
		t1, c1 := time.Now(), cpuTime()
		until := t1.Add(slice)
		var rec workload.Tally
		pipe.Run(func() bool { return time.Now().After(until) }, &rec)
		t2, c2 := time.Now(), cpuTime()
		if rec.Errs > 0 {
			return rates{}, fmt.Errorf("mcptop's client: %d errors, last %v", rec.Errs, rec.Last)
		}
		minN, minDur, minCPU = minN+n, minDur+t1.Sub(t0), minCPU+c1-c0
		ourN, ourDur, ourCPU = ourN+rec.Ops, ourDur+t2.Sub(t1), ourCPU+c2-c1
	}
	return rates{
		minRate: float64(minN) / minDur.Seconds(), ourRate: float64(ourN) / ourDur.Seconds(),
		minCPU: minCPU / time.Duration(max(minN, 1)), ourCPU: ourCPU / time.Duration(max(ourN, 1)),
	}, nil
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
