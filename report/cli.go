package report

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/units"
)

// Exit codes of RunReport and RunCompare.
const (
	ExitOK         = 0 // report written; compare found no regression; every --fail-if bound held
	ExitRegression = 1 // compare: at least one regression; a --fail-if bound breached
	ExitUnusable   = 2 // bad usage, unreadable or invalid snapshot, or something not comparable or not judged
	// ExitInterrupted: SIGINT or SIGTERM came before the work was done (a
	// FIFO no one writes to, a terminal as stdin), as a shell reports a
	// command ended by SIGINT.
	ExitInterrupted = 130
)

// Stdin is the file name that stands for standard input.
const Stdin = "-"

// reportFlags are the flags of `mcptop report`.
type reportFlags struct {
	format, workload, failIf *string
}

// compareFlags are the flags of `mcptop compare`.
type compareFlags struct {
	threshold, metrics, format *string
	alpha                      *float64
}

func newReportFlags() (*flag.FlagSet, reportFlags) {
	fs := flag.NewFlagSet("mcptop report", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs, reportFlags{
		format:   fs.String("format", "text", "output format: "+strings.Join(Formats, ", ")),
		workload: fs.String("workload", "", "only the runs of this workload"),
		failIf: fs.String("fail-if", "", "exit 1 when a bound is breached by a variant, such as 'p99>5ms, errors>0, throughput<10k'; "+
			"metrics: "+strings.Join(GateMetrics, ", ")),
	}
}

func newCompareFlags() (*flag.FlagSet, compareFlags) {
	fs := flag.NewFlagSet("mcptop compare", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs, compareFlags{
		threshold: fs.String("threshold", "5%", `smallest worse change that is a regression: "5%" or "0.05"`),
		metrics:   fs.String("metric", "throughput,p99,alloc,errors,error_rate", "metrics to test: "+metricList),
		alpha:     fs.Float64("alpha", 0.05, "significance level"),
		format:    fs.String("format", "text", "output format: "+strings.Join(CompareFormats, ", ")),
	}
}

// CompareFormats lists the formats Compare writes; the first is the default.
var CompareFormats = []string{"text", "md", "json", "html"}

// FlagSet returns the flags of a sub-command, "report" or "compare" (nil
// for another name), for help and shell completion.
func FlagSet(cmd string) *flag.FlagSet {
	switch cmd {
	case "report":
		fs, _ := newReportFlags()
		return fs
	case "compare":
		fs, _ := newCompareFlags()
		return fs
	}
	return nil
}

// command is a sub-command's command line: its name, what follows the name
// in its usage line, the help's description, and the positional arguments
// it takes.
type command struct {
	name, synopsis string
	note           string // added to the usage line in an error's hint
	what           string
	nargs          int
	args           string                   // what the nargs arguments are, for an error
	check          func(pos []string) error // more rules for them, if any
}

var (
	reportCmd = command{name: "mcptop report", synopsis: "SNAPSHOT|- [flags]", nargs: 1, args: "one SNAPSHOT file",
		what: "Render a snapshot written by mcptop (--out, or e in the UI); - reads it from stdin."}
	compareCmd = command{name: "mcptop compare", synopsis: "OLD NEW [flags]", note: ", one of them may be -", nargs: 2, args: "OLD and NEW snapshots",
		what: "Compare two snapshots per workload, variant and metric; exit 1 on a regression, " +
			"2 when something of OLD cannot be compared. OLD or NEW may be -, stdin.",
		check: func(pos []string) error {
			if pos[0] == Stdin && pos[1] == Stdin {
				return errors.New("OLD and NEW cannot both be - (stdin)")
			}
			return nil
		}}
)

// parse parses args with fs, flags anywhere among the positional
// arguments, and returns them with the command's failer. ok false means the
// command is over with exit status code: --help was answered on stdout, or
// a usage error reported on stderr.
func (c command) parse(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (pos []string, fail func(err error, usage bool) int, code int, ok bool) {
	fail = c.failer(stderr)
	pos, err := ParseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintln(stdout, "usage: "+c.name+" "+c.synopsis)
		fmt.Fprintln(stdout, c.what)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
		return nil, fail, ExitOK, false
	case err == nil && len(pos) != c.nargs:
		err = fmt.Errorf("need %s, got %d", c.args, len(pos))
	case err == nil && c.check != nil:
		err = c.check(pos)
	}
	if err != nil {
		return nil, fail, fail(err, true), false
	}
	return pos, fail, ExitOK, true
}

// failer prints the command's errors to stderr as one line, with the usage
// hint when the command line is at fault, and returns the exit status.
func (c command) failer(stderr io.Writer) func(err error, usage bool) int {
	hint := " (usage: " + c.name + " " + c.synopsis + c.note + "; " + c.name + " --help lists them)"
	return func(err error, usage bool) int {
		msg := c.name + ": " + oneLine(units.SafeLine(err.Error()))
		if usage {
			msg += hint
		}
		fmt.Fprintln(stderr, msg)
		if errors.Is(err, errInterrupted) {
			return ExitInterrupted
		}
		return ExitUnusable
	}
}

// RunReport is `mcptop report`: it parses args (flags may come before or
// after the file), reads and validates the snapshot (from stdin when it is
// "-"), and writes the report to stdout; with --fail-if it then judges the
// bounds on the runs reported. Errors go to stderr as one line naming the
// flag or the file. It returns ExitOK, ExitRegression (a bound breached),
// ExitUnusable, or ExitInterrupted when ctx ends first.
func RunReport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs, f := newReportFlags()
	pos, fail, code, ok := reportCmd.parse(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if !slices.Contains(Formats, *f.format) {
		return fail(fmt.Errorf("--format %q: want %s", *f.format, strings.Join(Formats, ", ")), true)
	}
	var gates Gates
	if *f.failIf != "" {
		var err error
		if gates, err = ParseGates(*f.failIf); err != nil {
			return fail(fmt.Errorf("--fail-if: %w", err), true)
		}
	}
	s, err := readInput(ctx, pos[0], stdin)
	if err != nil {
		return fail(err, false)
	}
	if err := Report(stdout, s, ReportOptions{Format: *f.format, Workload: *f.workload, Source: displayName(pos[0])}); err != nil {
		if errors.Is(err, ErrNoRuns) {
			err = fmt.Errorf("--%w", err) // the workload came from the flag
		}
		return fail(err, false)
	}
	if gates == nil {
		return ExitOK
	}
	return gates.Check(OnlyWorkload(s, *f.workload)).Write(stderr, "mcptop report: ")
}

// OnlyWorkload returns s with only the runs of workload name (s itself
// when name is empty).
func OnlyWorkload(s *snapshot.Snapshot, name string) *snapshot.Snapshot {
	if name == "" {
		return s
	}
	kept := *s
	kept.Runs = nil
	for _, r := range s.Runs {
		if r.Workload == name {
			kept.Runs = append(kept.Runs, r)
		}
	}
	return &kept
}

// RunCompare is `mcptop compare`: it parses args, reads both snapshots (one
// of them may be "-", stdin) and writes the comparison to stdout. It
// returns ExitOK when nothing regressed, ExitRegression when something did,
// ExitUnusable for bad usage, an unreadable or invalid file, or anything of
// OLD that could not be compared, and ExitInterrupted when ctx ends first.
func RunCompare(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs, f := newCompareFlags()
	pos, fail, code, ok := compareCmd.parse(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	opts, err := compareOptions(fs, f)
	if err != nil {
		return fail(err, true)
	}
	opts.OldName, opts.NewName = displayName(pos[0]), displayName(pos[1])
	var snaps [2]*snapshot.Snapshot
	for i, p := range pos {
		if snaps[i], err = readInput(ctx, p, stdin); err != nil {
			return fail(err, false)
		}
	}
	res, err := Compare(stdout, snaps[0], snaps[1], opts)
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

// compareOptions checks compare's flags, naming the one at fault.
func compareOptions(fs *flag.FlagSet, f compareFlags) (CompareOptions, error) {
	th, err := ParseThreshold(*f.threshold)
	if err != nil {
		return CompareOptions{}, fmt.Errorf("--threshold %q: %w", *f.threshold, err)
	}
	ms, err := ParseMetrics(*f.metrics)
	if err != nil {
		return CompareOptions{}, fmt.Errorf("--metric %q: %w", *f.metrics, err)
	}
	explicit := false
	fs.Visit(func(fl *flag.Flag) { explicit = explicit || fl.Name == "metric" })
	if !explicit {
		ms = nil // the defaults: a default metric neither run can measure is not a failure
	}
	if !(*f.alpha > 0 && *f.alpha < 1) {
		return CompareOptions{}, fmt.Errorf("--alpha %v: want a level between 0 and 1, such as 0.05", *f.alpha)
	}
	if !slices.Contains(CompareFormats, *f.format) {
		return CompareOptions{}, fmt.Errorf("--format %q: want %s", *f.format, strings.Join(CompareFormats, ", "))
	}
	return CompareOptions{Threshold: th, Metrics: ms, Alpha: *f.alpha, Format: *f.format}, nil
}

// errInterrupted is a read given up because ctx ended.
var errInterrupted = errors.New("interrupted")

// displayName is how a file given on the command line is named in output.
func displayName(name string) string {
	if name == Stdin {
		return "stdin"
	}
	return name
}

// readInput reads the snapshot name ("-": stdin), giving up when ctx ends
// first: opening a FIFO no one writes to, or reading a terminal, blocks in
// a system call that nothing else can interrupt. The read it gives up on
// stays blocked until its input comes or the program exits.
func readInput(ctx context.Context, name string, stdin io.Reader) (*snapshot.Snapshot, error) {
	type result struct {
		s   *snapshot.Snapshot
		err error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		if name == Stdin {
			r.s, r.err = snapshot.Read(stdin)
			if r.err != nil {
				r.err = fmt.Errorf("stdin: %w", r.err)
			}
		} else {
			r.s, r.err = ReadSnapshot(name)
		}
		done <- r
	}()
	select {
	case r := <-done:
		return r.s, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("%s: %w before it was read", displayName(name), errInterrupted)
	}
}

// ReadSnapshot reads the snapshot at path, saying plainly when path is a
// directory (reading one fails with "read PATH: is a directory").
func ReadSnapshot(path string) (*snapshot.Snapshot, error) {
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

// ParseInterspersed parses fs from args where flags may come before or
// after the positional arguments (`report run.json --format md`), as
// report, compare and merge take them, and returns the positional ones;
// everything after "--" is positional.
func ParseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
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
