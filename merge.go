package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mcptop/mcptop/merge"
	"github.com/mcptop/mcptop/report"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/units"
)

const mergeUsage = "usage: mcptop merge A.json B.json …|DIR [--out FILE]"

// mergeSnapshots is `mcptop merge`: it reads the instances' snapshots
// (files, or directories of them), merges them and writes the fleet's
// snapshot to --out (atomically) or to stdout, with what the merge did
// (instances, start spread, partial seconds) on stderr. Bad usage, an unreadable snapshot and inputs that
// cannot be merged (mismatched, v1, one instance twice) are usage errors:
// exit 2 with one line naming what is wrong.
func mergeSnapshots(args []string, stdout, stderr io.Writer) error {
	args, out, err := parseMergeArgs(args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	files, err := mergeInputs(args, out)
	if err != nil {
		return usagef("merge: %w", err)
	}
	ins := make([]merge.Input, len(files))
	for i, f := range files {
		s, err := snapshot.ReadFile(f)
		if err != nil {
			return usagef("merge: %w", err)
		}
		ins[i] = merge.Input{Source: f, Snap: s}
	}
	m, err := merge.Merge(ins, time.Now())
	if err != nil {
		return usagef("merge: %w", err)
	}
	if err := writeMerged(m, out, stdout); err != nil {
		return err
	}
	printMerged(stderr, m, out)
	return nil
}

// parseMergeArgs reads merge's command line: the inputs (files, or
// directories of them) and --out, which is checked to be writable. --help
// prints the usage to stdout and returns flag.ErrHelp.
func parseMergeArgs(args []string, stdout io.Writer) (inputs []string, out string, err error) {
	fs := flag.NewFlagSet("mcptop merge", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&out, "out", "-", "write the merged snapshot to this file (atomically); - writes it to stdout")
	inputs, err = report.ParseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printHelp(stdout, fs, mergeUsage+"\nMerge the snapshots of mcptop instances that ran the same workload with the same inputs at the same time;\n"+
			"a directory stands for the *.json files in it.\n")
		return nil, "", err
	case err != nil:
		return nil, "", usagef("merge: %w (%s)", err, mergeUsage)
	case len(inputs) == 0:
		return nil, "", usagef("merge: no snapshots given (%s)", mergeUsage)
	}
	if out != "-" {
		if err := snapshot.CheckWritable(out); err != nil {
			return nil, "", usagef("merge: --out: %w", err)
		}
	}
	return inputs, out, nil
}

// mergeInputs lists the snapshot files: each argument that is a directory
// stands for the *.json files directly in it, in name order (so that the
// snapshots an Indexed Job wrote to a shared volume merge in one step),
// less the output file. At least two are needed.
func mergeInputs(args []string, out string) ([]string, error) {
	var files []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil || !fi.IsDir() {
			files = append(files, a) // reading it says what is wrong
			continue
		}
		found, err := filepath.Glob(filepath.Join(a, "*.json"))
		if err != nil {
			return nil, err
		}
		found = slices.DeleteFunc(found, func(f string) bool { return sameFile(f, out) })
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: no *.json snapshots in the directory", a)
		}
		files = append(files, found...)
	}
	if len(files) < 2 {
		return nil, fmt.Errorf("need at least 2 snapshots, got %d (%s)", len(files), mergeUsage)
	}
	return files, nil
}

// sameFile reports whether a and b name one existing file.
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// writeMerged writes m to path, or to stdout for "-".
func writeMerged(m *snapshot.Snapshot, path string, stdout io.Writer) error {
	if path != "-" {
		return snapshot.WriteFile(path, m)
	}
	data, err := snapshot.Marshal(m)
	if err != nil {
		return fmt.Errorf("merge: encode: %w", err)
	}
	_, err = stdout.Write(append(data, '\n'))
	return err
}

// printMerged says what was merged: the instances, and per run how far
// apart they started (the clock-sync caveat) and how many seconds not all
// of them are in.
func printMerged(w io.Writer, m *snapshot.Snapshot, path string) {
	names := make([]string, len(m.Instances))
	for i, in := range m.Instances {
		names[i] = in.Name
	}
	where := "to stdout"
	if path != "-" {
		where = "to " + path
	}
	fmt.Fprintf(w, "mcptop merge: %d instances (%s) written %s\n", len(names), strings.Join(names, ", "), where)
	for i, r := range m.Runs {
		fmt.Fprintf(w, "  run %d, %s: started %s apart (seconds align only as well as the clocks agree), %d partial seconds\n",
			i+1, r.Workload, units.Nanos(r.Merged.StartSpreadS*1e9), r.Merged.PartialSeconds)
		for _, n := range r.Merged.Notes {
			fmt.Fprintln(w, "    "+n)
		}
	}
}
