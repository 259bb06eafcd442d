package target

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/mcpwire"
	"github.com/mcptop/mcptop/transport"
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
// tests: "target-helper MODE", where MODE is serve, crash:N (exit 3 after
// reading N messages) or mute:N (stop reading and answering after N).
const helperArg = "target-helper"

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
	}
	srv := mcpwire.NewServer(mcpwire.ServerOptions{Stack: workload.Optimised, Info: codec.Implementation{Name: "helper", Version: mode}})
	if err := srv.ServeConn(transport.NewStream(stdio{in}, transport.StreamOptions{})); err != nil {
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
