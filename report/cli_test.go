package report

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcptop/mcptop/snapshot"
)

func run(f func([]string, *bytes.Buffer, *bytes.Buffer) int, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := f(args, &out, &errb)
	return code, out.String(), errb.String()
}

func reportCLI(args []string, o, e *bytes.Buffer) int {
	return RunReport(context.Background(), args, strings.NewReader(""), o, e)
}

func compareCLI(args []string, o, e *bytes.Buffer) int {
	return RunCompare(context.Background(), args, strings.NewReader(""), o, e)
}

// badFiles writes the broken inputs the CLI must refuse into a temp dir.
func badFiles(t *testing.T, good string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"truncated.json": data[:len(data)/2],
		"notjson.json":   []byte("this is not json\n"),
		"v2.json":        bytes.Replace(data, []byte(`"mcptop.snapshot/v2"`), []byte(`"mcptop.snapshot/v9"`), 1),
		"empty.json":     nil,
		"noruns.json":    []byte(`{"schema":"mcptop.snapshot/v1","created_at":"2026-01-01T00:00:00Z","tool":{"name":"mcptop","version":"x"},"env":{"go_version":"go1.26","os":"linux","arch":"amd64","gomaxprocs":1,"num_cpu":1,"cpu_model":"","hostname":""},"observer_cost_ns":1,"runs":[]}`),
		"negative.json":  bytes.Replace(data, []byte(`"latency_p99_us":`), []byte(`"latency_p99_us":-`), 1),
	}
	paths := map[string]string{}
	for name, b := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		paths[name] = p
	}
	big := filepath.Join(dir, "huge.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil { // 1 GiB, sparse: nothing is written
		t.Fatal(err)
	}
	f.Close()
	paths["huge.json"] = big
	paths["missing.json"] = filepath.Join(dir, "missing.json")
	return paths
}

func TestRunReport(t *testing.T) {
	t.Parallel()
	_, good := runFixture(t)
	bad := badFiles(t, good)
	cases := []struct {
		name    string
		args    []string
		code    int
		stdout  string // substring
		stderr  string // substring; the whole stderr when exact
		oneLine bool   // stderr is exactly one line
	}{
		{"text", []string{good}, 0, "verdict", "", false},
		{"flags after the file", []string{good, "--format", "md", "--workload", "codec"}, 0, "## codec size=1024", "", false},
		{"flags before the file", []string{"--format=csv", good}, 0, "run,workload,params", "", false},
		{"after --", []string{"--format", "md", "--", good}, 0, "| metric |", "", false},
		{"help", []string{"-h"}, 0, "usage: mcptop report", "", false},
		{"no file", nil, 2, "", "mcptop report: need one SNAPSHOT file, got 0 (usage: mcptop report SNAPSHOT|- [flags]; mcptop report --help lists them)\n", true},
		{"two files", []string{good, good}, 2, "", "mcptop report: need one SNAPSHOT file, got 2 (usage:", true},
		{"a directory", []string{filepath.Dir(good)}, 2, "", "mcptop report: " + filepath.Dir(good) + ": is a directory, not a snapshot\n", true},
		{"unknown flag", []string{"--colour", good}, 2, "", "mcptop report: flag provided but not defined: -colour (usage:", true},
		{"bad format", []string{good, "--format", "xml"}, 2, "", `mcptop report: --format "xml": want text, md, csv, json, html (usage:`, true},
		{"unknown workload", []string{good, "--workload", "nope"}, 2, "", `mcptop report: --workload "nope": not in the snapshot (it has registry, codec, correlation)`, true},
		{"missing file", []string{bad["missing.json"]}, 2, "", "missing.json: no such file or directory", true},
		{"truncated file", []string{bad["truncated.json"]}, 2, "", "truncated.json: invalid JSON at byte", true},
		{"not JSON", []string{bad["notjson.json"]}, 2, "", "notjson.json: invalid JSON at byte 0", true},
		{"empty file", []string{bad["empty.json"]}, 2, "", "empty.json: invalid JSON at byte 0: empty input", true},
		{"wrong schema", []string{bad["v2.json"]}, 2, "", `v2.json: field "schema": "mcptop.snapshot/v9" is not "mcptop.snapshot/v2" or "mcptop.snapshot/v1"`, true},
		{"zero samples", []string{bad["noruns.json"]}, 2, "", `noruns.json: field "runs": no runs: the snapshot holds zero samples`, true},
		{"negative value", []string{bad["negative.json"]}, 2, "", `negative.json: field "runs[0].variants[0].series[0].latency_p99_us": -`, true},
		{"1 GiB file", []string{bad["huge.json"]}, 2, "", "huge.json: 1024 MiB: larger than the 64 MiB a snapshot may be", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := run(reportCLI, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr %q", code, tc.code, errs)
			}
			if !strings.Contains(out, tc.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tc.stdout, out)
			}
			if !strings.Contains(errs, tc.stderr) {
				t.Errorf("stderr %q lacks %q", errs, tc.stderr)
			}
			if tc.oneLine && strings.Count(errs, "\n") != 1 {
				t.Errorf("stderr is not one line: %q", errs)
			}
			if code != 0 && out != "" {
				t.Errorf("stdout on failure: %q", out)
			}
		})
	}
}

func TestRunCompare(t *testing.T) {
	t.Parallel()
	_, good := runFixture(t)
	_, slower := slowerFixture(t)
	bad := badFiles(t, good)
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"identical", []string{good, good}, 0, "0 regressions", ""},
		{"identical, defaults skip unmeasurable alloc", []string{good, good}, 0, "NOT MEASURABLE IN EITHER RUN (2", ""},
		{"slower", []string{good, slower}, 1, "registry prefill=10000 · baseline throughput: 1.22M ops/s → 978k ops/s, Δ −19.7 %", "mcptop compare: 1 regression(s) → exit 1"},
		{"slower, threshold as a fraction", []string{good, slower, "--threshold", "0.05"}, 1, "REGRESSED", ""},
		{"slower, threshold above the drop", []string{good, slower, "--threshold", "25%"}, 0, "within threshold (worse)", ""},
		{"slower, only p99", []string{"--metric", "p99", good, slower}, 0, "p99", ""},
		{"explicit alloc not measurable", []string{good, good, "--metric", "alloc"}, 2, "NOT COMPARED (2)", "2 item(s) not compared → exit 2"},
		{"md", []string{good, slower, "--format", "md"}, 1, "**REGRESSED**", ""},
		{"json", []string{good, slower, "--format", "json"}, 1, `"exit_code": 1`, ""},
		{"help", []string{"--help"}, 0, "usage: mcptop compare", ""},
		{"one file", []string{good}, 2, "", "mcptop compare: need OLD and NEW snapshots, got 1 (usage: mcptop compare OLD NEW [flags]"},
		{"a directory", []string{filepath.Dir(good), good}, 2, "", "mcptop compare: " + filepath.Dir(good) + ": is a directory, not a snapshot\n"},
		{"ambiguous threshold", []string{good, good, "--threshold", "5"}, 2, "", `mcptop compare: --threshold "5": ambiguous: write "5%" for a percentage or "0.05" for a fraction`},
		{"bad threshold", []string{good, good, "--threshold", "fast"}, 2, "", `--threshold "fast": want a percentage`},
		{"negative threshold", []string{good, good, "--threshold", "-5%"}, 2, "", `--threshold "-5%": must not be negative`},
		{"bad metric", []string{good, good, "--metric", "throughput,p42"}, 2, "", `--metric "throughput,p42": unknown metric "p42"`},
		{"bad alpha", []string{good, good, "--alpha", "5"}, 2, "", "--alpha 5: want a level between 0 and 1"},
		{"bad format", []string{good, good, "--format", "xml"}, 2, "", `--format "xml": want text, md, json, html (usage:`},
		{"old truncated", []string{bad["truncated.json"], good}, 2, "", "truncated.json: invalid JSON"},
		{"new wrong schema", []string{good, bad["v2.json"]}, 2, "", `v2.json: field "schema"`},
		{"new huge", []string{good, bad["huge.json"]}, 2, "", "huge.json: 1024 MiB: larger than"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := run(compareCLI, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr %q\n%s", code, tc.code, errs, out)
			}
			if !strings.Contains(out, tc.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tc.stdout, out)
			}
			if !strings.Contains(errs, tc.stderr) {
				t.Errorf("stderr %q lacks %q", errs, tc.stderr)
			}
		})
	}
}

func TestCompareGolden(t *testing.T) {
	t.Parallel()
	old, _ := runFixture(t)
	slow, _ := slowerFixture(t)
	for _, f := range []struct{ format, golden string }{
		{"text", "compare.txt"}, {"md", "compare.md"}, {"json", "compare.json"},
	} {
		t.Run(f.format, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			res, err := Compare(&b, old, slow, CompareOptions{Threshold: 0.05, Format: f.format, OldName: "run.json", NewName: "run-slower.json"})
			if err != nil {
				t.Fatal(err)
			}
			if res.ExitCode() != 1 {
				t.Errorf("exit %d, want 1", res.ExitCode())
			}
			golden(t, f.golden, b.Bytes())
		})
	}
}

func TestCompareJSONShape(t *testing.T) {
	t.Parallel()
	old, _ := runFixture(t)
	slow, _ := slowerFixture(t)
	var b bytes.Buffer
	if _, err := Compare(&b, old, slow, CompareOptions{Format: "json"}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ExitCode int `json:"exit_code"`
		Runs     []struct {
			Workload string `json:"workload"`
			Changes  []struct {
				Variant string   `json:"variant"`
				Metric  string   `json:"metric"`
				Class   string   `json:"class"`
				Delta   *float64 `json:"delta"`
				P       *float64 `json:"p"`
			} `json:"changes"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("compare json does not parse: %v", err)
	}
	if doc.ExitCode != 1 || len(doc.Runs) != 3 {
		t.Fatalf("exit %d, %d runs", doc.ExitCode, len(doc.Runs))
	}
	c := doc.Runs[0].Changes[0]
	if c.Variant != "baseline" || c.Metric != "throughput" || c.Class != "regressed" || c.Delta == nil || *c.Delta > -0.15 || c.P == nil {
		t.Errorf("first change %+v", c)
	}
}

func TestParseThreshold(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want float64
		err  bool
	}{
		{"5%", 0.05, false}, {"0.05", 0.05, false}, {" 12.5 % ", 0.125, false}, {"0", 0, false}, {"0%", 0, false},
		{"5", 0, true}, {"-1%", 0, true}, {"x", 0, true}, {"NaN", 0, true}, {"", 0, true},
	} {
		got, err := ParseThreshold(tc.in)
		if (err != nil) != tc.err || (!tc.err && got != tc.want) {
			t.Errorf("ParseThreshold(%q) = %v, %v", tc.in, got, err)
		}
	}
}

// The snapshot reader is what the CLI uses; a report of a file written by
// WriteFile equals the report of the in-memory snapshot.
func TestReportOfWrittenFile(t *testing.T) {
	t.Parallel()
	s, _ := runFixture(t)
	p := filepath.Join(t.TempDir(), "x.json")
	if err := snapshot.WriteFile(p, s); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(reportCLI, p, "--format", "md")
	var want bytes.Buffer
	if err := Report(&want, s, ReportOptions{Format: "md", Source: p}); err != nil {
		t.Fatal(err)
	}
	if code != 0 || out != want.String() {
		t.Errorf("exit %d, stderr %q; CLI output differs from Report", code, errs)
	}
}
