package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mcptop/mcptop/snapshot"
)

// serveHelperArg makes the test binary `mcptop serve --stdio`, a command
// target for these tests.
const serveHelperArg = "mcptop-serve-stdio"

func init() {
	if len(os.Args) > 1 && os.Args[1] == serveHelperArg {
		if err := run(context.Background(), []string{"serve", "--stdio"}, os.Stdout, os.Stderr); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
}

// startServe runs `mcptop serve` on a free port until the test ends and
// returns its address; impl picks its stack (default baseline).
func startServe(t *testing.T, impl ...string) (addr string, out *lockedBuffer) {
	t.Helper()
	stack := "baseline"
	if len(impl) > 0 {
		stack = impl[0]
	}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	out = &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--impl", stack}, io.MultiWriter(pw, out), io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	go io.Copy(io.Discard, pr)
	if err != nil {
		cancel()
		t.Fatalf("serve said %q: %v (%v)", line, err, <-done)
	}
	m := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/mcp`).FindStringSubmatch(line)
	if m == nil {
		cancel()
		t.Fatalf("serve said %q", line)
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve ended with %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop on its context")
		}
		if !strings.Contains(out.String(), "mcptop serve: stopped") {
			t.Errorf("serve did not say it stopped:\n%s", out.String())
		}
	})
	return m[1], out
}

// TestTargetOverHTTPKeepsTheTokenSecret is the HTTP path end to end: A is
// `mcptop serve` over Streamable HTTP (read by pid: it runs in this
// process), B the same server as a stdio child; a token goes with every
// request and appears in no output, log or snapshot.
func TestTargetOverHTTPKeepsTheTokenSecret(t *testing.T) {
	const secret = "SECRET-7f3a9"
	addr, _ := startServe(t)
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir) // the child's stderr log
	out := filepath.Join(dir, "run.json")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"--headless", "--target", "http://" + addr + "/mcp",
		"--target-b", strconv.Quote(os.Args[0]) + " " + serveHelperArg,
		"--header", "Authorization: Bearer " + secret, "--server-pid", strconv.Itoa(os.Getpid()),
		"--sessions", "2", "--depth", "4", "--duration", "2s", "--warmup", "0", "--keep-logs", "--out", out}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("run: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	snap, err := snapshot.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	r := snap.Runs[0]
	if r.Params["sessions"] != 2 || r.Settings["transport"] != "streamable-http" || r.Settings["transport_b"] != "stdio" ||
		r.Settings["headers"] != "Authorization" {
		t.Errorf("params %v, settings %v", r.Params, r.Settings)
	}
	for _, v := range r.Variants {
		s := v.Summary
		if !strings.HasPrefix(v.Label, "mcptop-serve") || s.Ops == 0 || s.Errors != 0 || !s.ServerKnown || s.ServerRSSBytes <= 0 {
			t.Errorf("%s (%s): ops %d errors %d (%s), server known %t, RSS %d", v.Variant, v.Label, s.Ops, s.Errors, s.LastError, s.ServerKnown, s.ServerRSSBytes)
		}
	}
	files := map[string]string{"stdout": stdout.String(), "stderr": stderr.String()}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		files[e.Name()] = string(b)
	}
	if len(files) < 4 {
		t.Errorf("want stdout, stderr, the snapshot and B's log; have %d", len(files))
	}
	for name, text := range files {
		if strings.Contains(text, secret) {
			t.Errorf("the token is in %s", name)
		}
	}
}

// TestTargetRefusedTokenStaysSecret: a server that refuses the token (401)
// fails the start; the error says so, without the token.
func TestTargetRefusedTokenStaysSecret(t *testing.T) {
	const secret = "SECRET-b21c"
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "invalid token", http.StatusUnauthorized)
	}))
	defer web.Close()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"--headless", "--target", web.URL + "/mcp?api_key=" + secret,
		"--header", "Authorization: Bearer " + secret, "--duration", "1s"}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "HTTP 401") {
		t.Fatalf("error %v, want the server's 401", err)
	}
	for name, text := range map[string]string{"error": err.Error(), "stdout": stdout.String(), "stderr": stderr.String()} {
		if strings.Contains(text, secret) {
			t.Errorf("the token is in %s: %s", name, text)
		}
	}
}

func TestTargetStartTimeoutFailsFast(t *testing.T) {
	t0 := time.Now()
	var stdout, stderr bytes.Buffer
	t.Setenv("TMPDIR", t.TempDir())
	err := run(context.Background(), []string{"--headless", "--target", "sleep 100", "--start-timeout", "500ms"}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "not ready within the start timeout of 500ms") {
		t.Fatalf("error %v", err)
	}
	if took := time.Since(t0); took > 5*time.Second {
		t.Errorf("failed after %v", took)
	}
	if !strings.Contains(stderr.String(), "starting server A (sleep 100)") {
		t.Errorf("stderr does not say the server is starting:\n%s", stderr.String())
	}
}

func TestServeBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--impl", "fast"}, `--impl "fast": want baseline or optimised`},
		{[]string{"serve", "--listen", "nonsense"}, "--listen:"},
		{[]string{"serve", "--path", "mcp"}, "--path"},
		{[]string{"serve", "extra"}, `unexpected argument "extra"`},
	} {
		err := run(context.Background(), tc.args, io.Discard, io.Discard)
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run(%q) = %v, want a usage error containing %q", tc.args, err, tc.want)
		}
	}
}
