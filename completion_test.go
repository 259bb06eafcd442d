package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// script writes `mcptop completion SHELL` to a file and returns its path.
func script(t *testing.T, shell string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"completion", shell}, &stdout, &stderr); err != nil {
		t.Fatalf("completion %s: %v", shell, err)
	}
	path := filepath.Join(t.TempDir(), "mcptop."+shell)
	if err := os.WriteFile(path, stdout.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func needShell(t *testing.T, shell string) string {
	t.Helper()
	path, err := exec.LookPath(shell)
	if err != nil {
		t.Skipf("%s is not installed", shell)
	}
	return path
}

// In bash, `source <(mcptop completion bash)` registers _mcptop, which
// completes sub-commands, flags and their values, --flag=value included.
func TestBashCompletion(t *testing.T) {
	bash := needShell(t, "bash")
	file := script(t, "bash")
	for _, tc := range []struct {
		words []string // the last one is being completed
		want  string
	}{
		{[]string{""}, "report compare view list matrix merge serve version completion"},
		{[]string{"--workload", ""}, "registry correlation codec percentile e2e calibration target"},
		{[]string{"--workload", "=", "c"}, "correlation codec calibration"},
		{[]string{"--workload", "="}, "registry correlation codec percentile e2e calibration target"},
		{[]string{"-mode", "p"}, "parallel"},
		{[]string{"--headless", "--theme", ""}, "dark light high-contrast mono"},
		{[]string{"--fail"}, "--fail-if"},
		{[]string{"--duration", ""}, ""},
		{[]string{"report", "--format", ""}, "text md csv json html"},
		{[]string{"report", "--"}, "--fail-if --format --workload"},
		{[]string{"compare", "--metric", "p"}, "p50 p95 p99"},
		{[]string{"compare", "--format", ""}, "text md json html"},
		{[]string{"completion", ""}, "bash zsh fish"},
		{[]string{"version", ""}, ""},
		{[]string{"view", "--theme", ""}, "dark light high-contrast mono"},
		{[]string{"view", "--"}, "--theme"},
	} {
		t.Run(strings.Join(tc.words, " "), func(t *testing.T) {
			words := append([]string{"mcptop"}, tc.words...)
			quoted := make([]string, len(words))
			for i, w := range words {
				quoted[i] = "'" + w + "'"
			}
			prog := "source " + file + "\ncomplete -p mcptop\n" +
				"COMP_WORDS=(" + strings.Join(quoted, " ") + "); COMP_CWORD=" + strconv.Itoa(len(words)-1) + "\n" +
				`_mcptop; echo "[${COMPREPLY[*]}]"`
			out, err := exec.Command(bash, "--norc", "-c", prog).CombinedOutput()
			if err != nil {
				t.Fatalf("bash: %v\n%s", err, out)
			}
			lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
			if lines[0] != "complete -F _mcptop mcptop" {
				t.Fatalf("complete -p mcptop: %q", lines[0])
			}
			if got := lines[len(lines)-1]; len(lines) < 2 || got != "["+tc.want+"]" {
				t.Errorf("completions %q, want %q", got, tc.want)
			}
		})
	}
}

// fish completes from the same lists.
func TestFishCompletion(t *testing.T) {
	fish := needShell(t, "fish")
	file := script(t, "fish")
	for line, want := range map[string][]string{
		"mcptop ":                 {"report", "compare", "version", "completion"},
		"mcptop --workload ":      {"registry", "e2e", "target"},
		"mcptop report --format ": {"text", "md", "csv", "json", "html"},
		"mcptop completion ":      {"bash", "zsh", "fish"},
		"mcptop --headless --mo":  {"--mode"},
	} {
		out, err := exec.Command(fish, "--no-config", "-c", "source "+file+"; complete -C '"+line+"'").CombinedOutput()
		if err != nil {
			t.Fatalf("fish: %v\n%s", err, out)
		}
		for _, w := range want {
			if !strings.Contains("\n"+string(out), "\n"+w) {
				t.Errorf("%q: completions lack %q:\n%s", line, w, out)
			}
		}
	}
}

// zsh loads the script after compinit and registers _mcptop for mcptop.
func TestZshCompletionLoads(t *testing.T) {
	zsh := needShell(t, "zsh")
	file := script(t, "zsh")
	out, err := exec.Command(zsh, "-f", "-c", "autoload -U compinit; compinit -u -D; source "+file+"; print -r -- $_comps[mcptop]").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "_mcptop" {
		t.Fatalf("zsh: %v\n%s", err, out)
	}
}

func TestCompletionBadShell(t *testing.T) {
	for _, args := range [][]string{{"completion"}, {"completion", "tcsh"}, {"completion", "bash", "zsh"}} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), args, &stdout, &stderr)
		var ue usageError
		if !errors.As(err, &ue) || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "bash, zsh, fish") {
			t.Errorf("%q: %v, want a one-line usage error naming the shells", args, err)
		}
		if stdout.Len() != 0 {
			t.Errorf("%q: wrote a script anyway", args)
		}
	}
}

// Every flag of mcptop, report and compare is completed: the scripts are
// built from the flag sets.
func TestCompletionKnowsEveryFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"completion", "bash"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"--headless", "--workload", "--out", "--fail-if", "--keep-logs", "--target", "--version", "--threshold", "--metric", "--alpha"} {
		if !strings.Contains(stdout.String(), f+" ") && !strings.Contains(stdout.String(), f+`"`) {
			t.Errorf("the bash script does not complete %s", f)
		}
	}
}

// `mcptop --version` is `mcptop version`, which prints what the snapshot's
// tool.version says.
func TestVersion(t *testing.T) {
	for _, arg := range []string{"version", "--version", "-version"} {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), []string{arg}, &stdout, &stderr); err != nil {
			t.Fatalf("%s: %v", arg, err)
		}
		if want := "mcptop " + version() + "\n"; stdout.String() != want {
			t.Errorf("%s: %q, want %q", arg, stdout.String(), want)
		}
	}
}
