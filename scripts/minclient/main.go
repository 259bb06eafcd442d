// Command minclient is the smallest MCP load generator we could write by
// hand: it starts a stdio MCP server, runs initialize, then keeps -depth ping
// requests in flight on one goroutine for -duration and prints the round
// trips per second. It parses nothing but the line framing and treats every
// line that is not a notification as a response, so it is an upper bound for
// what a client can drive through the server. scripts/target-check.sh runs it
// back to back with mcptop's target workload, to check that mcptop's client
// is not what limits a measurement.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

func main() {
	depth := flag.Int("depth", 32, "requests in flight")
	duration := flag.Duration("duration", 10*time.Second, "how long to measure, after a 2 s warm-up")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: minclient [-depth N] [-duration D] CMD ARGS...")
		os.Exit(2)
	}
	if err := run(flag.Args(), *depth, *duration); err != nil {
		fmt.Fprintln(os.Stderr, "minclient:", err)
		os.Exit(1)
	}
}

func run(argv []string, depth int, duration time.Duration) error {
	cmd := exec.Command(argv[0], argv[1:]...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()
	}()
	r := bufio.NewReaderSize(stdout, 64<<10)
	w := bufio.NewWriterSize(stdin, 64<<10)

	fmt.Fprintln(w, `{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"minclient","version":"1"}}}`)
	w.Flush()
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return fmt.Errorf("initialize: %w", err)
		}
		if bytes.Contains(line, []byte(`"id":0`)) {
			break
		}
	}
	fmt.Fprintln(w, `{"jsonrpc":"2.0","method":"notifications/initialized"}`)

	id := 0
	send := func() {
		id++
		w.WriteString(`{"jsonrpc":"2.0","id":`)
		w.WriteString(strconv.Itoa(id))
		w.WriteString(`,"method":"ping"}` + "\n")
	}
	for range depth {
		send()
	}
	w.Flush()
	warm := time.Now().Add(2 * time.Second)
	var start time.Time
	var end time.Time
	n := 0
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return err
		}
		if strings.Contains(string(line[:min(len(line), 24)]), `"method"`) {
			continue // a notification or a request from the server
		}
		n++
		now := time.Now()
		switch {
		case start.IsZero() && now.After(warm):
			start, n = now, 0
			end = start.Add(duration)
		case !start.IsZero() && now.After(end):
			fmt.Printf("%.0f round trips/s (%d in %v, %d in flight)\n", float64(n)/now.Sub(start).Seconds(), n, now.Sub(start).Round(time.Millisecond), depth)
			return nil
		}
		send()
		if r.Buffered() == 0 {
			w.Flush()
		}
	}
}
