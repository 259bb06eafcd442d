package proc

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

// drainWait is how long, after the child exits, a reader of its stdout may
// still take what it wrote before the pipe gives up (a grandchild may hold
// the pipe open).
const drainWait = 200 * time.Millisecond

// tailLines is how many lines of a child's stderr StderrTail returns.
const tailLines = 3

// Child is a process started by Start, in a process group of its own so
// that it and everything it starts can be signalled together. It is safe
// for concurrent use.
type Child struct {
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

// Start starts argv with pipes for stdin and stdout, its stderr appended to
// logPath (after a line saying what starts when), in a process group of
// its own. Until it has been reaped, KillAll reaches it.
func Start(argv []string, logPath string) (*Child, error) {
	if len(argv) == 0 {
		return nil, errors.New("proc: empty command")
	}
	lf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("proc: stderr log: %w", err)
	}
	defer lf.Close() // the child has its own copy
	from, _ := lf.Seek(0, io.SeekEnd)
	fmt.Fprintf(lf, "--- mcptop: starting %s at %s\n", strings.Join(argv, " "), time.Now().Format(time.RFC3339))
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("proc: pipe: %w", err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return nil, fmt.Errorf("proc: pipe: %w", err)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, lf
	cmd.SysProcAttr = sysProcAttr()
	ch := &Child{argv: argv, cmd: cmd, stdin: inW, stdout: outR, logPath: logPath, logFrom: from, exited: make(chan struct{})}
	err = register(ch, cmd.Start)
	inR.Close()
	outW.Close()
	if err != nil {
		inW.Close()
		outR.Close()
		return nil, fmt.Errorf("proc: start %s: %w", argv[0], err)
	}
	fmt.Fprintf(lf, "--- mcptop: pid %d\n", cmd.Process.Pid)
	go ch.wait()
	return ch, nil
}

// wait reaps the child, kills what is left of its process group, and lets
// the reader drain what the child wrote before giving up on stdout.
func (ch *Child) wait() {
	err := ch.cmd.Wait()
	ch.state, ch.werr = ch.cmd.ProcessState, err
	signalGroup(ch.cmd.Process, sigKill)
	ch.stdout.SetReadDeadline(time.Now().Add(drainWait))
	unregister(ch)
	close(ch.exited)
}

// Note appends a line about the child (how long it took to be ready, say)
// to its stderr log, marked as mcptop's.
func (ch *Child) Note(msg string) {
	f, err := os.OpenFile(ch.logPath, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return
	}
	fmt.Fprintf(f, "--- mcptop: %s\n", msg)
	f.Close()
}

// Pid returns the child's process id.
func (ch *Child) Pid() int { return ch.cmd.Process.Pid }

// Log returns the path of the child's stderr log.
func (ch *Child) Log() string { return ch.logPath }

// Exited is closed once the child has exited and been reaped.
func (ch *Child) Exited() <-chan struct{} { return ch.exited }

// WaitExit waits up to d for the child to exit and reports whether it has.
func (ch *Child) WaitExit(d time.Duration) bool { return waitFor(ch.exited, d) }

// Terminate ends the child: stdin closed, then SIGTERM to its group, then
// SIGKILL after grace. It returns once the child has been reaped (or, if
// even SIGKILL does not end it, after a further grace).
func (ch *Child) Terminate(grace time.Duration) {
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

// Status describes the child's state: its exit status, or that it runs.
func (ch *Child) Status() string {
	select {
	case <-ch.exited:
		if ch.state != nil {
			return "exited (" + ch.state.String() + ")"
		}
		return fmt.Sprintf("could not be waited for: %v", ch.werr)
	default:
		return fmt.Sprintf("still running (pid %d)", ch.Pid())
	}
}

// StderrTail returns the last lines (at most three, each cut at 200 bytes)
// the child wrote to stderr since this start, joined with " | ".
func (ch *Child) StderrTail() string {
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
		if len(l) > 200 {
			l = append(l[:200:200], "…"...)
		}
		lines = append(lines, string(l))
	}
	if len(lines) > tailLines {
		lines = lines[len(lines)-tailLines:]
	}
	return strings.Join(lines, " | ")
}

// Stdio returns the child's stdin and stdout as one stream: reads come from
// its stdout, writes go to its stdin and honour write deadlines (os.Pipe
// files are pollable), and Close closes both pipes, so the child sees its
// stdin end.
func (ch *Child) Stdio() *Stdio { return &Stdio{ch: ch} }

// Stdio is a child's stdin and stdout as an io.ReadWriteCloser.
type Stdio struct {
	ch   *Child
	once sync.Once
}

// Read reads from the child's stdout.
func (s *Stdio) Read(p []byte) (int, error) { return s.ch.stdout.Read(p) }

// Write writes to the child's stdin.
func (s *Stdio) Write(p []byte) (int, error) { return s.ch.stdin.Write(p) }

// SetWriteDeadline bounds writes to the child's stdin.
func (s *Stdio) SetWriteDeadline(t time.Time) error { return s.ch.stdin.SetWriteDeadline(t) }

// Close closes both pipes.
func (s *Stdio) Close() error {
	s.once.Do(func() {
		s.ch.stdin.Close()
		s.ch.stdout.Close()
	})
	return nil
}
