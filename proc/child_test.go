//go:build unix

package proc

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if len(os.Args) > 2 && os.Args[1] == helperArg {
		os.Exit(helper(os.Args[2]))
	}
	goleak.VerifyTestMain(m)
}

// helperArg makes the test binary a child for these tests: "proc-helper
// MODE", where MODE is grandchild (start a sleeping grandchild, print its
// pid to stderr, then copy stdin to stdout) or ignore-term (ignore SIGTERM
// and stay after stdin ends).
const helperArg = "proc-helper"

func helper(mode string) int {
	switch mode {
	case "grandchild", "spin":
		gc := exec.Command("sleep", "600")
		if err := gc.Start(); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			return 1
		}
		fmt.Fprintf(os.Stderr, "grandchild %d\n", gc.Process.Pid)
		if mode == "spin" { // then 300 ms of CPU to count
			for cpuTime() < 300*time.Millisecond {
			}
			fmt.Println("spun")
		}
	case "ignore-term":
		signal.Ignore(syscall.SIGTERM)
		fmt.Fprintln(os.Stderr, "ignoring SIGTERM")
		io.Copy(io.Discard, os.Stdin)
		select {}
	}
	io.Copy(os.Stdout, os.Stdin)
	return 0
}

// cpuTime is the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// startHelper starts a helper child in mode, its stderr in a fresh log.
func startHelper(t *testing.T, mode string) *Child {
	t.Helper()
	ch, err := Start([]string{os.Args[0], helperArg, mode}, filepath.Join(t.TempDir(), "stderr.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ch.Terminate(200 * time.Millisecond) })
	return ch
}

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

func TestStdioRoundTripAndTerminate(t *testing.T) {
	// cat, not the helper: a -race binary sleeps a second on exit.
	ch, err := Start([]string{"cat"}, filepath.Join(t.TempDir(), "stderr.log"))
	if err != nil {
		t.Fatal(err)
	}
	s := ch.Stdio()
	if err := s.SetWriteDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Write([]byte("hello\n")); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(s).ReadString('\n')
	if err != nil || line != "hello\n" {
		t.Fatalf("read back %q, %v", line, err)
	}
	if st := ch.Status(); st != fmt.Sprintf("still running (pid %d)", ch.Pid()) {
		t.Fatalf("status %q", st)
	}
	ch.Terminate(time.Second) // stdin closes: the helper exits on its own
	if st := ch.Status(); st != "exited (exit status 0)" {
		t.Fatalf("status after Terminate: %q", st)
	}
	s.Close()
}

func TestStatusAndStderrTail(t *testing.T) {
	log := filepath.Join(t.TempDir(), "stderr.log")
	script := `echo one >&2; echo two >&2; echo; echo three >&2; printf '%0300d\n' 0 >&2; exit 4`
	for run := range 2 { // the second start's tail holds only its own lines
		ch, err := Start([]string{"sh", "-c", script}, log)
		if err != nil {
			t.Fatal(err)
		}
		if !ch.WaitExit(10 * time.Second) {
			t.Fatal("the child did not exit")
		}
		<-ch.Exited()
		if st := ch.Status(); st != "exited (exit status 4)" {
			t.Fatalf("run %d: status %q", run, st)
		}
		want := "two | three | " + strings.Repeat("0", 200) + "…"
		if tail := ch.StderrTail(); tail != want {
			t.Fatalf("run %d: tail %q, want %q", run, tail, want)
		}
		if ch.Log() != log {
			t.Fatalf("log %q", ch.Log())
		}
	}
	b, _ := os.ReadFile(log)
	if n := strings.Count(string(b), "--- mcptop: starting sh -c"); n != 2 {
		t.Fatalf("%d start lines in the log, want 2:\n%s", n, b)
	}
}

func TestStartFailure(t *testing.T) {
	cases := []struct {
		name string
		argv []string
		log  string
		want string
	}{
		{"empty command", nil, "", "empty command"},
		{"no such command", []string{"/nonexistent/mcp-server"}, "", "start /nonexistent/mcp-server"},
		{"no log", []string{"true"}, "/nonexistent/dir/log", "stderr log"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			log := tc.log
			if log == "" {
				log = filepath.Join(t.TempDir(), "stderr.log")
			}
			if _, err := Start(tc.argv, log); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestKillAllLeavesNoProcess(t *testing.T) {
	cases := []struct {
		name, mode string
	}{
		{"process group with a grandchild", "grandchild"},
		{"SIGTERM ignored", "ignore-term"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, b := startHelper(t, tc.mode), startHelper(t, tc.mode)
			pids := []int{a.Pid(), b.Pid()}
			for _, ch := range []*Child{a, b} {
				var said []byte
				if !eventually(5*time.Second, func() bool {
					said, _ = os.ReadFile(ch.Log())
					return bytes.Contains(said, []byte("grandchild ")) || bytes.Contains(said, []byte("ignoring SIGTERM"))
				}) {
					t.Fatalf("the helper did not start: %s", said)
				}
				if m := regexp.MustCompile(`grandchild (\d+)`).FindSubmatch(said); m != nil {
					pid, _ := strconv.Atoi(string(m[1]))
					pids = append(pids, pid)
				}
			}
			for _, pid := range pids {
				if !alive(pid) {
					t.Fatalf("pid %d is not running before the kill", pid)
				}
			}
			KillAll(200 * time.Millisecond)
			for _, pid := range pids {
				if !eventually(5*time.Second, func() bool { return !alive(pid) }) {
					t.Fatalf("pid %d outlived KillAll", pid)
				}
			}
			children.Lock()
			left := len(children.set)
			children.Unlock()
			if left != 0 {
				t.Fatalf("%d children still registered", left)
			}
		})
	}
}
