package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/mcptop/mcptop/proc"
	"github.com/mcptop/mcptop/snapshot"
)

// endSignals end a run the way quitting does: the engine stops, --out is
// written, server children are stopped. SIGHUP is a closed terminal or a
// dropped ssh session; losing the terminal is no reason to lose the run.
var endSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// withSignals returns a context cancelled by the first of endSignals, and
// the function that stops listening for them.
//
// A second SIGINT (Ctrl-C twice, when writing --out hangs on a FIFO no one
// reads, say) ends mcptop at once: server children killed, the temp file of
// a snapshot being written removed, exit status 130. Only SIGINT counts:
// a closed terminal may send SIGHUP twice, and a supervisor's second
// SIGTERM is followed by SIGKILL anyway.
//
// SIGPIPE is taken and dropped, for good: a write to a closed stdout or
// stderr (`mcptop … | head -1`) then fails with EPIPE instead of killing
// mcptop before --out is written, and the headless printer ends the run on
// that error (endOnEPIPE), as SIGTERM would. A SIGPIPE from a server
// child's closed pipe is dropped as Go drops it by default: the target
// workload reports that server's end itself. Children still start with
// SIGPIPE's default action (it is caught, not ignored).
func withSignals(parent context.Context, stderr io.Writer) (context.Context, func()) {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	ctx, cancel := context.WithCancel(parent)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, endSignals...)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			cancel()
		case <-done:
			return
		}
		for {
			select {
			case sig := <-sigs:
				if sig == os.Interrupt {
					fmt.Fprintln(stderr, "mcptop: interrupted again: stopping now; no snapshot written")
					cleanUp()
					os.Exit(130)
				}
			case <-done:
				return
			}
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			signal.Stop(sigs)
			close(done)
			cancel()
		})
	}
}

// cleanUp is what mcptop does before it exits, however it exits: no server
// child outlives it and no temp file of a snapshot stays behind.
func cleanUp() {
	proc.KillAll(0)
	snapshot.RemoveTemps()
}

// endOnEPIPE wraps an output whose reader may go away (`| head -1`): a
// write that fails with EPIPE calls end, once, which ends the run as
// SIGTERM would, so that --out is still written; that write and every
// later one are dropped and reported as done, so the printer carries on
// to the end of the run. Any other error is returned as it is.
type endOnEPIPE struct {
	w   io.Writer
	end func()

	mu     sync.Mutex
	broken bool
}

func (e *endOnEPIPE) Write(p []byte) (int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.broken {
		return len(p), nil
	}
	n, err := e.w.Write(p)
	if errors.Is(err, syscall.EPIPE) {
		e.broken = true
		e.end()
		return len(p), nil
	}
	return n, err
}
