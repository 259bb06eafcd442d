package report

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mcptop/mcptop/snapshot"
)

func runWithStdin(f func(context.Context, []string, io.Reader, io.Writer, io.Writer) int, stdin io.Reader, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := f(context.Background(), args, stdin, &out, &errb)
	return code, out.String(), errb.String()
}

func TestReportAndCompareReadStdin(t *testing.T) {
	t.Parallel()
	_, good := runFixture(t)
	_, slower := slowerFixture(t)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		f      func(context.Context, []string, io.Reader, io.Writer, io.Writer) int
		stdin  string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"report -", RunReport, string(data), []string{"-"}, 0, "mcptop report: stdin\n", ""},
		{"report - as md", RunReport, string(data), []string{"--format", "md", "-"}, 0, "# mcptop report: stdin", ""},
		{"report of garbage on stdin", RunReport, "not json", []string{"-"}, 2, "", "mcptop report: stdin: invalid JSON at byte 0"},
		{"report of nothing on stdin", RunReport, "", []string{"-"}, 2, "", "mcptop report: stdin: invalid JSON at byte 0: empty input\n"},
		{"compare - NEW", RunCompare, string(data), []string{"-", slower}, 1, "stdin →", "1 regression(s)"},
		{"compare OLD -", RunCompare, string(data), []string{good, "-"}, 0, "0 regressions", ""},
		{"compare - -", RunCompare, string(data), []string{"-", "-"}, 2, "", "mcptop compare: OLD and NEW cannot both be - (stdin) (usage:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := runWithStdin(tc.f, strings.NewReader(tc.stdin), tc.args...)
			if code != tc.code || !strings.Contains(out, tc.stdout) || !strings.Contains(errs, tc.stderr) {
				t.Errorf("exit %d (want %d)\nstdout lacks %q?\n%s\nstderr lacks %q?\n%s", code, tc.code, tc.stdout, firstLines(out), tc.stderr, errs)
			}
			if tc.code == 2 && strings.Count(errs, "\n") != 1 {
				t.Errorf("error is not one line: %q", errs)
			}
		})
	}
}

func firstLines(s string) string {
	lines := strings.SplitN(s, "\n", 4)
	return strings.Join(lines[:min(3, len(lines))], "\n")
}

// `mkfifo f; mcptop report f` must end on SIGINT: the open blocks until a
// writer comes, so the read is given up when ctx ends.
func TestReportStopsWhenInterrupted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "f")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	stdinR, stdinW := io.Pipe()
	for _, tc := range []struct {
		name    string
		f       func(context.Context, []string, io.Reader, io.Writer, io.Writer) int
		args    []string
		release func()
	}{
		{"report FIFO", RunReport, []string{fifo}, func() {
			// Open the FIFO for writing, then close it: the blocked open
			// returns, reads nothing, and its goroutine ends.
			if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
				f.Close()
			}
		}},
		{"compare - NEW with a silent stdin", RunCompare, []string{"-", fifo}, func() { stdinW.Close() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			var out, errb bytes.Buffer
			code := tc.f(ctx, tc.args, stdinR, &out, &errb)
			tc.release()
			if code != ExitInterrupted || !strings.Contains(errb.String(), "interrupted before it was read") || strings.Count(errb.String(), "\n") != 1 {
				t.Fatalf("exit %d, stderr %q; want %d and one line saying it was interrupted", code, errb.String(), ExitInterrupted)
			}
		})
	}
}

func TestReportFailIf(t *testing.T) {
	t.Parallel()
	_, good := runFixture(t)
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr []string
	}{
		{"every bound held", []string{good, "--fail-if", "throughput<1, p99>10s, errors>1M"}, 0, nil},
		{"breached per variant", []string{good, "--fail-if", "p99>1ns"}, 1, []string{
			"mcptop report: --fail-if breached: registry prefill=10000, baseline",
			"mcptop report: --fail-if breached: codec size=1024, optimised",
			"mcptop report: --fail-if: 6 bound(s) breached → exit 1",
		}},
		{"only the workload reported", []string{good, "--workload", "codec", "--fail-if", "p99>1ns"}, 1, []string{
			"codec size=1024, baseline", "codec size=1024, optimised", "2 bound(s) breached",
		}},
		{"not judged", []string{good, "--fail-if", "alloc>1MB", "--workload", "correlation"}, 2, []string{
			"not judged: parallel mode", "2 bound(s) not judged → exit 2",
		}},
		{"bad syntax", []string{good, "--fail-if", "p99>5"}, 2, []string{
			`mcptop report: --fail-if: "p99>5": p99 bound "5": want a duration such as 5ms or 250µs (usage:`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := run(reportCLI, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, errs)
			}
			for _, want := range tc.stderr {
				if !strings.Contains(errs, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errs)
				}
			}
			if tc.stderr == nil && errs != "" {
				t.Errorf("stderr %q, want nothing", errs)
			}
			if tc.name == "bad syntax" && (out != "" || strings.Count(errs, "\n") != 1) {
				t.Errorf("bad syntax: stdout %q, stderr not one line: %q", out, errs)
			}
		})
	}
}

// evil is what a hostile snapshot puts in every string: an OSC that sets the
// terminal's title, BEL, a clear screen, a C1 CSI, a carriage return, a raw
// 8-bit CSI byte and a bidi override.
const evil = "\x1b]0;pwned\x07\x1b[2J\u009b31m\rX\x9b\u202eevil"

// poison puts evil in every string of s that Validate lets it hold (and
// adds it as a parameter and a setting), and returns how many it set.
func poison(t *testing.T, s *snapshot.Snapshot) int {
	t.Helper()
	n := 0
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			old := v.String()
			v.SetString(old + evil)
			if s.Validate() != nil {
				v.SetString(old)
				return
			}
			n++
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			if v.Type().Key().Kind() == reflect.String && !v.IsNil() {
				val := reflect.New(v.Type().Elem()).Elem()
				if val.Kind() == reflect.String {
					val.SetString(evil)
				}
				v.SetMapIndex(reflect.ValueOf("p"+evil), val)
				n++
			}
		}
	}
	walk(reflect.ValueOf(s).Elem())
	if err := s.Validate(); err != nil {
		t.Fatalf("poisoned snapshot invalid: %v", err)
	}
	return n
}

// noControls fails the test if out holds a byte or character a terminal
// would act on, or if the poisoned strings were not printed at all.
func noControls(t *testing.T, what, out string) {
	t.Helper()
	if !strings.Contains(out, "pwned") {
		t.Fatalf("%s: the poisoned strings are not in the output; the test proves nothing", what)
	}
	for i, r := range out {
		if r == '\n' || r == '\t' {
			continue
		}
		if r < 0x20 || r >= 0x7f && r < 0xa0 || r == 0x202e || r == 0xFFFD && out[i] != 0xef {
			t.Fatalf("%s: control %U at byte %d: %q", what, r, i, out[max(0, i-20):min(len(out), i+20)])
		}
	}
	if strings.ContainsAny(out, "\x1b\x07\r") {
		t.Fatalf("%s: ESC, BEL or CR in the output", what)
	}
}

// A snapshot with escape sequences in every string prints none of them in
// any format read in a terminal: text, md, csv, html, and compare's text
// and md, through the CLI too (whose file name is poisoned as well).
func TestNoControlCharactersReachTheTerminal(t *testing.T) {
	t.Parallel()
	s, _ := runFixture(t)
	if n := poison(t, s); n < 20 {
		t.Fatalf("only %d strings poisoned", n)
	}
	for _, format := range []string{"text", "md", "csv", "html"} {
		var b bytes.Buffer
		if err := Report(&b, s, ReportOptions{Format: format, Source: "run" + evil + ".json"}); err != nil {
			t.Fatal(err)
		}
		noControls(t, "report --format "+format, b.String())
	}
	for _, format := range []string{"text", "md"} {
		var b bytes.Buffer
		if _, err := Compare(&b, s, s, CompareOptions{Format: format, OldName: "old" + evil, NewName: "new" + evil}); err != nil {
			t.Fatal(err)
		}
		noControls(t, "compare --format "+format, b.String())
	}
	path := filepath.Join(t.TempDir(), "run\x1b]0;pwned\x07.json")
	if err := snapshot.WriteFile(path, s); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(reportCLI, path, "--fail-if", "p99>1ns")
	if code != ExitRegression {
		t.Fatalf("exit %d: %s", code, errs)
	}
	noControls(t, "mcptop report (stdout)", out)
	noControls(t, "mcptop report --fail-if (stderr)", errs)
}
