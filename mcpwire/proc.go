package mcpwire

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// DefaultGrace is how long a child gets between SIGTERM and SIGKILL.
const DefaultGrace = 2 * time.Second

// stdinGrace is how long a child gets to exit on its own once its stdin is
// closed (the MCP spec's first step of a stdio shutdown) before SIGTERM.
const stdinGrace = 100 * time.Millisecond

// exitWait bounds how long the description of a closed stream waits for the
// child's exit status.
const exitWait = 500 * time.Millisecond

// tailLines is how many lines of a child's stderr an error message carries.
const tailLines = 3

// child is a stdio MCP server started by mcptop, in a process group of its
// own so that it and everything it starts can be signalled together.
type child struct {
	argv    []string
	cmd     *exec.Cmd
	stdin   *os.File // our end of its stdin
	stdout  *os.File // our end of its stdout
	logPath string
	logFrom int64 // offset in the log where this start's stderr begins

	exited chan struct{} // closed once the process has been waited for
	state  *os.ProcessState
	werr   error
}

// children holds every child that has not yet been waited for, so that
// KillChildren can end them all.
var children = struct {
	sync.Mutex
	set map[*child]struct{}
}{set: map[*child]struct{}{}}

// startChild starts argv with pipes for stdin and stdout and its stderr
// appended to logPath.
func startChild(argv []string, logPath string) (*child, error) {
	if len(argv) == 0 {
		return nil, errors.New("mcpwire: empty command")
	}
	lf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("mcpwire: stderr log: %w", err)
	}
	defer lf.Close() // the child has its own copy
	from, _ := lf.Seek(0, io.SeekEnd)
	fmt.Fprintf(lf, "--- mcptop: starting %s at %s\n", strings.Join(argv, " "), time.Now().Format(time.RFC3339))
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("mcpwire: pipe: %w", err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return nil, fmt.Errorf("mcpwire: pipe: %w", err)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, lf
	cmd.SysProcAttr = sysProcAttr()
	ch := &child{argv: argv, cmd: cmd, stdin: inW, stdout: outR, logPath: logPath, logFrom: from, exited: make(chan struct{})}
	children.Lock()
	err = cmd.Start()
	if err == nil {
		children.set[ch] = struct{}{}
	}
	children.Unlock()
	inR.Close()
	outW.Close()
	if err != nil {
		inW.Close()
		outR.Close()
		return nil, fmt.Errorf("mcpwire: start %s: %w", argv[0], err)
	}
	fmt.Fprintf(lf, "--- mcptop: pid %d\n", cmd.Process.Pid)
	go ch.wait()
	return ch, nil
}

// wait reaps the child, kills what is left of its process group, and lets
// the reader drain what the child wrote before giving up on stdout (a
// grandchild may hold it open).
func (ch *child) wait() {
	err := ch.cmd.Wait()
	ch.state, ch.werr = ch.cmd.ProcessState, err
	signalGroup(ch.cmd.Process, sigKill)
	ch.stdout.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	children.Lock()
	delete(children.set, ch)
	children.Unlock()
	close(ch.exited)
}

// pid returns the child's process id.
func (ch *child) pid() int { return ch.cmd.Process.Pid }

// terminate ends the child: stdin closed, then SIGTERM to its group, then
// SIGKILL after grace. It returns once the child has been reaped (or, if even
// SIGKILL does not end it, after a further grace).
func (ch *child) terminate(grace time.Duration) {
	ch.stdin.Close()
	if waitFor(ch.exited, stdinGrace) {
		return
	}
	signalGroup(ch.cmd.Process, sigTerm)
	if waitFor(ch.exited, grace) {
		return
	}
	signalGroup(ch.cmd.Process, sigKill)
	waitFor(ch.exited, grace)
}

func waitFor(ch <-chan struct{}, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ch:
		return true
	case <-t.C:
		return false
	}
}

// status describes the child's state: its exit status, or that it runs.
func (ch *child) status() string {
	select {
	case <-ch.exited:
		if ch.state != nil {
			return "exited (" + ch.state.String() + ")"
		}
		return fmt.Sprintf("could not be waited for: %v", ch.werr)
	default:
		return fmt.Sprintf("still running (pid %d)", ch.pid())
	}
}

// tail returns the last lines the child wrote to stderr, joined with " | ".
func (ch *child) tail() string {
	f, err := os.Open(ch.logPath)
	if err != nil {
		return ""
	}
	defer f.Close()
	const window = 4 << 10
	end, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return ""
	}
	from := max(ch.logFrom, end-window)
	buf := make([]byte, end-from)
	if _, err := f.ReadAt(buf, from); err != nil && !errors.Is(err, io.EOF) {
		return ""
	}
	var lines []string
	for _, l := range bytes.Split(buf, []byte("\n")) {
		l = bytes.TrimSpace(l)
		if len(l) == 0 || bytes.HasPrefix(l, []byte("--- mcptop:")) {
			continue
		}
		lines = append(lines, clip(l, 200))
	}
	if len(lines) > tailLines {
		lines = lines[len(lines)-tailLines:]
	}
	return strings.Join(lines, " | ")
}

// describer returns the function that explains the end of the child's
// stdout: its exit status (waiting a little for it) and its stderr's tail.
func (ch *child) describer(name string) func(error) error {
	return func(err error) error {
		waitFor(ch.exited, exitWait)
		return &ServerError{Server: name, Status: ch.status(), Stderr: ch.tail(), Log: ch.logPath, Err: err}
	}
}

// stream returns the child's stdin and stdout as one stream. Its writes
// honour deadlines (os.Pipe files are pollable).
func (ch *child) stream() *childStream { return &childStream{ch: ch} }

type childStream struct {
	ch   *child
	once sync.Once
}

func (s *childStream) Read(p []byte) (int, error)  { return s.ch.stdout.Read(p) }
func (s *childStream) Write(p []byte) (int, error) { return s.ch.stdin.Write(p) }

// SetWriteDeadline bounds writes to the child's stdin.
func (s *childStream) SetWriteDeadline(t time.Time) error { return s.ch.stdin.SetWriteDeadline(t) }

// Close closes both pipes; the child sees its stdin end.
func (s *childStream) Close() error {
	s.once.Do(func() {
		s.ch.stdin.Close()
		s.ch.stdout.Close()
	})
	return nil
}

// ServerError is why a connection to a target server ended: the server's
// state (exit status, or still running), the last lines of its stderr and
// where the whole log is.
type ServerError struct {
	Server string // "A" or "B" and its label
	Status string // "exited (exit status 1)", "exited (signal: killed)", "still running (pid 42)"
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

// KillChildren ends every server process this package started and has not
// yet reaped: stdin closed, SIGTERM to each process group, SIGKILL after
// grace (DefaultGrace if zero). It returns once they are gone. Call it from
// the program's signal handling so that no child outlives mcptop.
func KillChildren(grace time.Duration) {
	if grace <= 0 {
		grace = DefaultGrace
	}
	children.Lock()
	var all []*child
	for ch := range children.set {
		all = append(all, ch)
	}
	children.Unlock()
	var wg sync.WaitGroup
	for _, ch := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch.terminate(grace)
		}()
	}
	wg.Wait()
}
