package mcpwire

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/workload"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if len(os.Args) > 2 && os.Args[1] == helperArg {
		os.Exit(helper(os.Args[2]))
	}
	goleak.VerifyTestMain(m)
}

// helperArg makes the test binary a stdio MCP server for the child-process
// tests: "mcpwire-helper MODE", where MODE is serve, crash:N (exit 3 after
// reading N messages), mute:N (stop reading and answering after N),
// grandchild (start a sleeping grandchild first, and print its pid to stderr)
// or ignore-term (ignore SIGTERM and stay after stdin ends).
const helperArg = "mcpwire-helper"

// helperCommand is the command line of a helper child.
func helperCommand(mode string) string {
	return strconv.Quote(os.Args[0]) + " " + helperArg + " " + mode
}

func helper(mode string) int {
	name, arg, _ := strings.Cut(mode, ":")
	n, _ := strconv.Atoi(arg)
	var in io.Reader = os.Stdin
	switch name {
	case "crash":
		in = &lineTrap{r: os.Stdin, n: n, at: func() {
			fmt.Fprintf(os.Stderr, "helper: crashing on purpose after %d messages\n", n)
			os.Exit(3)
		}}
	case "mute":
		in = &lineTrap{r: os.Stdin, n: n, at: func() {
			fmt.Fprintln(os.Stderr, "helper: going silent")
			select {}
		}}
	case "grandchild":
		gc := exec.Command("sleep", "600")
		if err := gc.Start(); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			return 1
		}
		fmt.Fprintf(os.Stderr, "grandchild %d\n", gc.Process.Pid)
	case "ignore-term":
		signal.Ignore(syscall.SIGTERM)
	}
	srv := NewServer(ServerOptions{Stack: workload.Optimised, Info: codec.Implementation{Name: "helper", Version: mode}})
	err := srv.ServeConn(stdio{in})
	if name == "ignore-term" {
		select {}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		return 1
	}
	return 0
}

// lineTrap calls at once n newlines have been read through it.
type lineTrap struct {
	r  io.Reader
	n  int
	at func()
}

func (l *lineTrap) Read(p []byte) (int, error) {
	k, err := l.r.Read(p)
	l.n -= bytes.Count(p[:k], []byte("\n"))
	if l.n <= 0 {
		l.at()
	}
	return k, err
}

// stdio is the process's stdin (or a reader over it) and stdout.
type stdio struct{ in io.Reader }

func (s stdio) Read(p []byte) (int, error)  { return s.in.Read(p) }
func (s stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (s stdio) Close() error                { return os.Stdin.Close() }

// alive reports whether pid is a live (not zombie) process.
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true // no /proc: trust kill
	}
	// The state follows the parenthesised command name.
	i := bytes.LastIndexByte(stat, ')')
	return i < 0 || i+2 >= len(stat) || stat[i+2] != 'Z'
}

// eventually polls cond for up to d.
func eventually(d time.Duration, cond func() bool) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}
