package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// savedRun is a valid snapshot on disk: the report's fixture.
var savedRun = filepath.Join("report", "testdata", "run.json")

// mcptop view and --against refuse what they cannot show, in one line,
// with exit status 2.
func TestViewAndAgainstBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"view without a snapshot", []string{"view"}, "view: need one SNAPSHOT, got 0 (usage: mcptop view SNAPSHOT|-"},
		{"view of two", []string{"view", savedRun, savedRun}, "view: need one SNAPSHOT, got 2"},
		{"view unknown flag", []string{"view", savedRun, "--nope"}, "view: flag provided but not defined: -nope"},
		{"view unknown theme", []string{"view", "--theme", "pink", savedRun}, "view: --theme: unknown theme"},
		{"view not to a terminal", []string{"view", savedRun}, "view: stdout is not a terminal; mcptop report " + savedRun},
		{"against headless", []string{"--headless", "--against", savedRun}, "--against: only the dashboard draws a saved run"},
		{"against missing", []string{"--against", filepath.Join(dir, "nope.json")}, "--against: open " + dir},
		{"against a directory", []string{"--against", dir}, "--against: " + dir + ": is a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tc.args, &stdout, &stderr)
			var ue usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("run(%q) = %v, want a usage error containing %q", tc.args, err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") || stderr.Len() != 0 {
				t.Errorf("error is not one line: %q, stderr %q", err, stderr.String())
			}
		})
	}
}

func TestViewHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"view", "--help"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"usage: mcptop view SNAPSHOT|-", "-theme"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, stdout.String())
		}
	}
}

// --against reads the saved snapshot for the dashboard.
func TestAgainstIsRead(t *testing.T) {
	o, err := parseOptions([]string{"--against", savedRun}, tabs(builtins()), true, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if o.against == nil || len(o.against.Runs) != 3 || o.againstName != savedRun {
		t.Errorf("against %v named %q", o.against, o.againstName)
	}
}
