//go:build unix

package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mcptop/mcptop/snapshot"
)

// The test binary is mcptop itself when asked: signals and closed pipes
// are a process's business, so these tests run one.
func init() {
	if os.Getenv("MCPTOP_TEST_AS_MAIN") == "1" {
		main()
		os.Exit(0)
	}
}

// mcptop is the command `mcptop args…`, the test binary standing in.
func mcptop(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "MCPTOP_TEST_AS_MAIN=1")
	return cmd
}

// exitStatus is cmd's exit status after Wait, or -signal when a signal
// killed it.
func exitStatus(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return -int(ws.Signal())
		}
		return ee.ExitCode()
	}
	t.Fatal(err)
	return 0
}

// waitForLine reads r until a line containing want, failing the test at
// EOF.
func waitForLine(t *testing.T, r *bufio.Reader, want string) {
	t.Helper()
	for {
		line, err := r.ReadString('\n')
		if strings.Contains(line, want) {
			return
		}
		if err != nil {
			t.Fatalf("no line with %q before %v", want, err)
		}
	}
}

// blockedInFIFOOpen waits until a thread of pid waits for the other end
// of a FIFO (or 10 s pass, or /proc cannot tell): then the process is past
// its start-up and its signal handling is in place.
func blockedInFIFOOpen(pid int) {
	for range 1000 {
		chans, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "wchan"))
		for _, c := range chans {
			if b, _ := os.ReadFile(c); strings.Contains(string(b), "wait_for_partner") || strings.Contains(string(b), "fifo_open") {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func validSnapshot(t *testing.T, path string) *snapshot.Snapshot {
	t.Helper()
	s, err := snapshot.ReadFile(path)
	if err != nil {
		t.Fatalf("snapshot: %v", err)
	}
	return s
}

// startLongRun starts a 30 s headless run writing out, with its stdout to
// read and its stderr kept.
func startLongRun(t *testing.T, out string) (*exec.Cmd, io.ReadCloser, *bytes.Buffer) {
	t.Helper()
	cmd := mcptop(args("--duration", "30s", "--out", out)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &bytes.Buffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, stdout, stderr
}

// `mcptop --headless --duration 30s --out h.json & sleep 5; kill -HUP $!`
// leaves a valid h.json: a closed terminal ends the run as SIGTERM does.
func TestSIGHUPWritesTheSnapshot(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "h.json")
	cmd, stdout, stderr := startLongRun(t, out)
	r := bufio.NewReader(stdout)
	waitForLine(t, r, "   1s ")
	cmd.Process.Signal(syscall.SIGHUP)
	io.Copy(io.Discard, r)
	if code := exitStatus(t, cmd.Wait()); code != 0 {
		t.Fatalf("exit %d after SIGHUP; stderr:\n%s", code, stderr.String())
	}
	if d := validSnapshot(t, out).Runs[0].DurationS; d >= 30 {
		t.Fatalf("the run lasted %vs: SIGHUP did not end it", d)
	}
}

// `mcptop --headless … --out p.json | head -1`: mcptop is not killed by
// SIGPIPE, ends its run and leaves a valid p.json.
func TestPipeClosedByHead(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "p.json")
	cmd, stdout, stderr := startLongRun(t, out)
	if _, err := bufio.NewReader(stdout).ReadString('\n'); err != nil { // head -1
		t.Fatal(err)
	}
	stdout.Close()
	if code := exitStatus(t, cmd.Wait()); code != 0 {
		t.Fatalf("exit %d (negative: killed by that signal); stderr:\n%s", code, stderr.String())
	}
	if d := validSnapshot(t, out).Runs[0].DurationS; d >= 30 {
		t.Fatalf("the run lasted %vs: the closed pipe did not end it", d)
	}
}

// `mcptop --headless --out - | mcptop report -` works, and --out
// /dev/stdout is the same as --out -: /dev/stdout stays a symbolic link
// (mcptop runs as root here, where replacing it would succeed).
func TestPipelineThroughStdout(t *testing.T) {
	t.Parallel()
	for _, out := range []string{"-", "/dev/stdout"} {
		t.Run(out, func(t *testing.T) {
			t.Parallel()
			before, lerr := os.Lstat("/dev/stdout")
			measure := mcptop(args("--duration", "2s", "--out", out)...)
			report := mcptop("report", "-")
			pipe, err := measure.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			report.Stdin = pipe
			var progress, text, rerr bytes.Buffer
			measure.Stderr, report.Stdout, report.Stderr = &progress, &text, &rerr
			if err := measure.Start(); err != nil {
				t.Fatal(err)
			}
			if err := report.Start(); err != nil {
				t.Fatal(err)
			}
			if code := exitStatus(t, measure.Wait()); code != 0 {
				t.Fatalf("mcptop --out %s: exit %d\n%s", out, code, progress.String())
			}
			if code := exitStatus(t, report.Wait()); code != 0 {
				t.Fatalf("mcptop report -: exit %d\n%s", code, rerr.String())
			}
			if !strings.Contains(text.String(), "mcptop report: stdin") || !strings.Contains(text.String(), "verdict") {
				t.Errorf("report of stdin:\n%s", text.String())
			}
			if !strings.Contains(progress.String(), "summary of percentile") {
				t.Errorf("the progress did not go to stderr:\n%s", progress.String())
			}
			if lerr == nil && before.Mode()&fs.ModeSymlink != 0 {
				if after, err := os.Lstat("/dev/stdout"); err != nil || after.Mode()&fs.ModeSymlink == 0 {
					t.Fatalf("/dev/stdout is no longer a symbolic link: %v %v", after, err)
				}
			}
		})
	}
}

// Writing --out to a FIFO no one reads blocks; a second Ctrl-C ends
// mcptop at once, exit 130, the FIFO left as it was.
func TestSecondInterruptStopsAtOnce(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "f")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	cmd := mcptop(args("--duration", "1s", "--out", fifo)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	blockedInFIFOOpen(cmd.Process.Pid)
	// Two signals sent at once may arrive as one: press Ctrl-C until it
	// stops, as a user would.
	exited := make(chan error)
	go func() { exited <- cmd.Wait() }()
	var err error
	for ctrlC := true; ctrlC; {
		cmd.Process.Signal(os.Interrupt)
		select {
		case err = <-exited:
			ctrlC = false
		case <-time.After(200 * time.Millisecond):
		}
	}
	if code := exitStatus(t, err); code != 130 {
		t.Fatalf("exit %d, want 130; stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "interrupted again: stopping now") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Fatalf("the FIFO was replaced: %v %v", fi, err)
	}
}

// `mkfifo f; mcptop report f` ends on SIGINT, and on SIGTERM.
func TestReportOfAFIFOIsInterruptible(t *testing.T) {
	t.Parallel()
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			fifo := filepath.Join(t.TempDir(), "f")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Skip("mkfifo:", err)
			}
			cmd := mcptop("report", fifo)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			blockedInFIFOOpen(cmd.Process.Pid)
			cmd.Process.Signal(sig)
			if code := exitStatus(t, cmd.Wait()); code != 130 {
				t.Fatalf("exit %d, want 130; stderr:\n%s", code, stderr.String())
			}
			if want := "mcptop report: " + fifo + ": interrupted before it was read\n"; stderr.String() != want {
				t.Errorf("stderr %q, want %q", stderr.String(), want)
			}
		})
	}
}
