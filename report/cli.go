package report

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/mcptop/mcptop/snapshot"
)

// Exit codes of RunReport and RunCompare.
const (
	ExitOK         = 0 // report written; compare found no regression
	ExitRegression = 1 // compare: at least one regression
	ExitUnusable   = 2 // bad usage, unreadable or invalid snapshot, or something not comparable
)

const (
	reportUsage  = "usage: mcptop report SNAPSHOT [--format text|md|csv|json|html] [--workload NAME]"
	compareUsage = "usage: mcptop compare OLD NEW [--threshold 5%] [--metric throughput,p99,alloc] [--alpha 0.05] [--format text|md|json]"
)

// RunReport is `mcptop report`: it parses args (flags may come before or
// after the file), reads and validates the snapshot, and writes the report
// to stdout. Errors go to stderr as one line naming the flag or the file.
// It returns ExitOK or ExitUnusable.
func RunReport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mcptop report", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "text", "output format: "+strings.Join(Formats, ", "))
	workload := fs.String("workload", "", "only the runs of this workload")
	pos, err := parseInterspersed(fs, args)
	fail := func(err error, usage bool) int {
		fmt.Fprintln(stderr, "mcptop report: "+oneLine(err.Error()))
		if usage {
			fmt.Fprintln(stderr, reportUsage)
		}
		return ExitUnusable
	}
	switch {
	case errors.Is(err, flag.ErrHelp):
		printHelp(stdout, reportUsage, "Render a snapshot written by mcptop (--out, or e in the UI).", fs)
		return ExitOK
	case err != nil:
		return fail(err, true)
	case len(pos) != 1:
		return fail(fmt.Errorf("need one SNAPSHOT file, got %d", len(pos)), true)
	}
	if !contains(Formats, *format) {
		return fail(fmt.Errorf("--format %q: want %s", *format, strings.Join(Formats, ", ")), true)
	}
	s, err := readSnapshot(pos[0])
	if err != nil {
		return fail(err, false)
	}
	if err := Report(stdout, s, ReportOptions{Format: *format, Workload: *workload, Source: pos[0]}); err != nil {
		if errors.Is(err, ErrNoRuns) {
			err = fmt.Errorf("--%w", err) // the workload came from the flag
		}
		return fail(err, false)
	}
	return ExitOK
}

// RunCompare is `mcptop compare`: it parses args, reads both snapshots and
// writes the comparison to stdout. It returns ExitOK when nothing regressed,
// ExitRegression when something did, ExitUnusable for bad usage, an
// unreadable or invalid file, or anything of OLD that could not be compared.
func RunCompare(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mcptop compare", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	threshold := fs.String("threshold", "5%", `smallest worse change that is a regression: "5%" or "0.05"`)
	metrics := fs.String("metric", "throughput,p99,alloc,errors,error_rate", "metrics to test: "+metricList)
	alpha := fs.Float64("alpha", 0.05, "significance level")
	format := fs.String("format", "text", "output format: text, md, json")
	pos, err := parseInterspersed(fs, args)
	fail := func(err error, usage bool) int {
		fmt.Fprintln(stderr, "mcptop compare: "+oneLine(err.Error()))
		if usage {
			fmt.Fprintln(stderr, compareUsage)
		}
		return ExitUnusable
	}
	switch {
	case errors.Is(err, flag.ErrHelp):
		printHelp(stdout, compareUsage, "Compare two snapshots per workload, variant and metric; exit 1 on a regression, "+
			"2 when something of OLD cannot be compared.", fs)
		return ExitOK
	case err != nil:
		return fail(err, true)
	case len(pos) != 2:
		return fail(fmt.Errorf("need OLD and NEW snapshots, got %d", len(pos)), true)
	}
	th, err := ParseThreshold(*threshold)
	if err != nil {
		return fail(fmt.Errorf("--threshold %q: %w", *threshold, err), true)
	}
	ms, err := ParseMetrics(*metrics)
	if err != nil {
		return fail(fmt.Errorf("--metric %q: %w", *metrics, err), true)
	}
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "metric" })
	if !explicit {
		ms = nil // the defaults: a default metric neither run can measure is not a failure
	}
	if !(*alpha > 0 && *alpha < 1) {
		return fail(fmt.Errorf("--alpha %v: want a level between 0 and 1, such as 0.05", *alpha), true)
	}
	if *format != "text" && *format != "md" && *format != "json" {
		return fail(fmt.Errorf("--format %q: want text, md or json", *format), true)
	}
	var snaps [2]*snapshot.Snapshot
	for i, p := range pos {
		if snaps[i], err = readSnapshot(p); err != nil {
			return fail(err, false)
		}
	}
	res, err := Compare(stdout, snaps[0], snaps[1], CompareOptions{
		Threshold: th, Metrics: ms, Alpha: *alpha, Format: *format, OldName: pos[0], NewName: pos[1],
	})
	if err != nil {
		return fail(err, false)
	}
	if code := res.ExitCode(); code != ExitOK {
		why := fmt.Sprintf("%d regression(s)", res.Regressions)
		if code == ExitUnusable {
			why = fmt.Sprintf("%d item(s) not compared", len(res.NotCompared))
		}
		fmt.Fprintf(stderr, "mcptop compare: %s → exit %d\n", why, code)
		return code
	}
	return ExitOK
}

// readSnapshot reads the snapshot at path, saying plainly when path is a
// directory (reading one fails with "read PATH: is a directory").
func readSnapshot(path string) (*snapshot.Snapshot, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s: is a directory, not a snapshot", path)
	}
	return snapshot.ReadFile(path)
}

// ParseThreshold parses a relative threshold: "5%" (a percentage) or
// "0.05" (a fraction, which must be below 1; "5" is refused as ambiguous).
func ParseThreshold(s string) (float64, error) {
	t := strings.TrimSpace(s)
	pctSuffix := strings.HasSuffix(t, "%")
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	x, err := strconv.ParseFloat(t, 64)
	switch {
	case err != nil || x != x:
		return 0, errors.New(`want a percentage such as "5%" or a fraction such as "0.05"`)
	case x < 0:
		return 0, errors.New("must not be negative")
	case pctSuffix:
		if x > 1000 {
			return 0, errors.New("above 1000%")
		}
		return x / 100, nil
	case x >= 1:
		return 0, fmt.Errorf(`ambiguous: write "%s%%" for a percentage or "%s" for a fraction`, t, strconv.FormatFloat(x/100, 'f', -1, 64))
	}
	return x, nil
}

// parseInterspersed parses flags wherever they appear among the positional
// arguments (`report run.json --format md`); everything after "--" is
// positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func printHelp(w io.Writer, usage, what string, fs *flag.FlagSet) {
	fmt.Fprintln(w, usage)
	fmt.Fprintln(w, what)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}
