package target

import (
	"fmt"
	"strings"
	"time"

	"github.com/mcptop/mcptop/proc"
)

// exitWait bounds how long the description of a child's closed stream
// waits for its exit status.
const exitWait = 500 * time.Millisecond

// ServerError is why a connection to a target server ended: the server's
// state (exit status, or still running), the last lines of its stderr and
// where the whole log is.
type ServerError struct {
	Server string // "A", "A'" or "B"
	Status string // "exited (exit status 1)", "exited (signal: killed)", "still running (pid 42)", "at 127.0.0.1:9"
	Stderr string // last lines of stderr, " | " between lines
	Log    string // path of the stderr log
	Err    error  // what the client saw
}

// Error reads, on one line: the server, its status, what broke, its stderr.
func (e *ServerError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %v", e.Server, e.Status, e.Err)
	if e.Stderr != "" {
		fmt.Fprintf(&b, "; stderr: %s", e.Stderr)
	}
	if e.Log != "" {
		fmt.Fprintf(&b, " (log %s)", e.Log)
	}
	return b.String()
}

// Unwrap returns what the client saw.
func (e *ServerError) Unwrap() error { return e.Err }

// describeChild returns the function that explains the end of a child
// server's stdout: its exit status (waiting a little for it) and its
// stderr's tail.
func describeChild(ch *proc.Child, name string) func(error) error {
	return func(err error) error {
		ch.WaitExit(exitWait)
		return &ServerError{Server: name, Status: ch.Status(), Stderr: ch.StderrTail(), Log: ch.Log(), Err: err}
	}
}
