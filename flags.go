package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"time"
	"unicode"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/report"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/target"
	"github.com/mcptop/mcptop/themes"
	"github.com/mcptop/mcptop/workload"
)

// options is the command line of a measuring run, dashboard or headless,
// checked and with every default applied.
type options struct {
	headless    bool
	workload    string        // the tab to start on
	duration    time.Duration // measured time to run; 0: until quit or a signal
	out         string        // snapshot file; "": none at the end
	workers     int           // per variant; 0: GOMAXPROCS
	mode        engine.Mode
	slice       time.Duration
	gcBetween   bool
	warmup      int // seconds
	theme       string
	metricsAddr string
	failIf      report.Gates               // nil without --fail-if
	instance    string                     // --instance; "": the hostname (instanceName)
	maxErrors   float64                    // share of failed ops a comparable variant may have
	params      map[string]workload.Params // by workload
	impls       map[string][2]string       // by workload: sides A and B, from --a and --b
	target      *target.Config             // nil without --target
	against     *snapshot.Snapshot         // --against; nil without it
	againstName string
	matrix      bool                 // mcptop matrix: every implementation against ref
	ref         string               // the matrix's reference; "": the default A
	capacity    *engine.CapacityPlan // --find-capacity; nil without
}

// Defaults and limits of the flags that are not the engine's.
const (
	defaultWarmup    = 2
	maxWarmup        = 3600
	headlessDuration = 10 * time.Second
)

const usageHead = `usage: mcptop [flags]                  live dashboard (headless when stdout is not a terminal)
       mcptop matrix [flags] [--ref NAME]  every implementation of --workload against a reference, headless
       mcptop list                     every workload, its parameters and its implementations
       mcptop view SNAPSHOT|-          a saved snapshot in the dashboard: each run a tab, no engine
       mcptop report SNAPSHOT [flags]  render a snapshot (text, md, csv, json, html); - reads stdin
       mcptop compare OLD NEW [flags]  flag regressions between two snapshots (exit 1 on one)
       mcptop merge A.json B.json … [--out FILE]  combine the snapshots of a fleet run at the same time
       mcptop serve [flags]            the built-in MCP server over TCP and Streamable HTTP (or --stdio)
       mcptop completion bash|zsh|fish shell completions: source <(mcptop completion bash)
       mcptop version                  also --version

flags:
`

// exitCodes closes the usage: what the exit status of a run says.
const exitCodes = `
exit status:
  0  the run measured and wrote what was asked (the summary; --out)
  1  a variant failed more ops than --max-errors allows (the summary says which), or the run could not measure (a workload failed to start)
  2  bad input: a flag, its value or a combination (one line names it); nothing was run
  3  --out could not be written there: the snapshot went to a temp file, named on stderr
`

// parseOptions turns args into options. terminal says whether stdout is a
// terminal; when it is not, the run is headless. --help prints the usage to
// help (stdout, so that it pages: mcptop --help | less) and returns
// flag.ErrHelp; any other error is a usageError of one
// line. With matrix, the arguments are mcptop matrix's: headless, --ref
// instead of --a and --b.
func parseOptions(args []string, ts []tab, terminal bool, help io.Writer, matrix ...bool) (*options, error) {
	c := defineFlags(ts)
	if len(matrix) > 0 && matrix[0] {
		c.o.matrix, c.o.headless = true, true
		c.fs.StringVar(&c.o.ref, "ref", "", "matrix: the reference implementation every other one runs against (default: the workload's default A)")
	}
	if err := c.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.printUsage(help)
			return nil, err
		}
		return nil, usagef("%w (mcptop --help lists the flags)", err)
	}
	if c.fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q (sub-commands: matrix, list, view, report, compare, merge, serve, completion, version)", c.fs.Arg(0))
	}
	c.fs.Visit(func(f *flag.Flag) { c.set[f.Name] = true })
	if err := c.validate(); err != nil {
		return nil, err
	}
	o := c.apply(terminal)
	if err := headlessOnly(o); err != nil {
		return nil, err
	}
	if o.headless && o.against != nil {
		return nil, usagef("--against: only the dashboard draws a saved run behind the live one; drop --headless (mcptop compare compares two snapshots)")
	}
	return o, nil
}

// cmdline is the flag set and where its flags land until they are checked.
type cmdline struct {
	fs        *flag.FlagSet
	tabs      []tab
	o         options // the flags that need no conversion land here
	mode      string
	a, b      string // --a and --b: implementations of the starting workload
	failIf    string
	maxErrors string
	against   string
	params    paramFlags
	load      *loadFlags
	target    func() (*target.Config, error)
	set       map[string]bool // the flags given
}

// defineFlags registers every flag of a measuring run.
func defineFlags(ts []tab) *cmdline {
	c := &cmdline{fs: flag.NewFlagSet("mcptop", flag.ContinueOnError), tabs: ts, set: map[string]bool{}}
	fs, o := c.fs, &c.o
	fs.SetOutput(io.Discard) // errors are returned; printUsage writes the help
	fs.Usage = func() {}
	fs.BoolVar(&o.headless, "headless", false, "run without the dashboard: print one line per second per variant")
	fs.StringVar(&o.workload, "workload", ts[0].name, "workload to run first: "+tabNames(ts)+"; --target makes target the default")
	fs.DurationVar(&o.duration, "duration", 0, fmt.Sprintf("how long to run (headless default %v; 0 in the dashboard: until quit)", headlessDuration))
	fs.StringVar(&o.out, "out", "", "write the session snapshot (JSON) here at the end (and on a signal); - is stdout (headless); the dashboard's e key writes here too")
	fs.IntVar(&o.workers, "workers", 0, fmt.Sprintf("goroutines per variant, 1-%d (default GOMAXPROCS)", engine.MaxWorkers))
	fs.StringVar(&c.mode, "mode", engine.Alternate.String(), "alternate (variants take turns) or parallel (both at once)")
	fs.DurationVar(&o.slice, "slice", 100*time.Millisecond, fmt.Sprintf("turn length in alternate mode, %v-%v", engine.MinSlice, engine.MaxSlice))
	fs.BoolVar(&o.gcBetween, "gc-between", false, "collect garbage before every slice, so that no variant pays for the other's garbage")
	fs.IntVar(&o.warmup, "warmup", defaultWarmup, fmt.Sprintf("warm-up seconds kept out of summaries, 0-%d", maxWarmup))
	fs.StringVar(&o.theme, "theme", "", themeUsage)
	fs.StringVar(&c.against, "against", "", "draw the runs of this saved snapshot as faint lines behind the live runs of the same workload, parameters and implementations, with live ÷ saved throughput in the table (dashboard)")
	fs.StringVar(&c.failIf, "fail-if", "", failIfUsage)
	fs.StringVar(&c.maxErrors, "max-errors", "0%", `largest share of failed ops a variant may have and still be compared ("1%" or "0.01"); above it the verdict is "not comparable" and a headless run exits 1`)
	fs.StringVar(&o.metricsAddr, "metrics-addr", "", "serve Prometheus metrics at http://HOST:PORT/metrics (off by default; an empty HOST means 127.0.0.1)")
	fs.StringVar(&o.instance, "instance", "", "name of this mcptop in its snapshot and on its Prometheus series (label mcptop_instance), so a fleet's can be told apart and merged (default: the hostname)")
	fs.StringVar(&c.a, "a", "", "implementation side A (the reference) runs on the starting workload (default: the seed's \"before\"; mcptop list names them)")
	fs.StringVar(&c.b, "b", "", "implementation side B (the candidate) runs on the starting workload (default: the seed's \"after\")")
	c.params = defineParamFlags(fs, ts)
	c.load = defineLoadFlags(fs)
	c.target = targetFlags(fs)
	return c
}

func (c *cmdline) printUsage(w io.Writer) {
	printHelp(w, c.fs, usageHead)
	fmt.Fprint(w, exitCodes)
}

// printHelp writes a command's --help to w: head, then fs's flags.
func printHelp(w io.Writer, fs *flag.FlagSet, head string) {
	fmt.Fprint(w, head)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// validate checks each flag once, converting it where it needs it. The
// target flags come first: they decide whether the target workload exists,
// and with them the run starts on it unless --workload says otherwise.
func (c *cmdline) validate() error {
	tc, err := c.target()
	if err != nil {
		return usageError{err}
	}
	o := &c.o
	o.target = tc
	if tc != nil && !c.set["workload"] {
		o.workload = targetWorkload
	}
	for _, f := range []struct {
		name  string
		check func() error
	}{
		{"workload", c.checkWorkload},
		{"mode", func() (err error) { o.mode, err = engine.ParseMode(c.mode); return err }},
		{"workers", func() error { return between(o.workers, 1, engine.MaxWorkers) }},
		{"duration", func() error { return positive(o.duration, !o.headless) }},
		{"slice", func() error { return between(o.slice, engine.MinSlice, engine.MaxSlice) }},
		{"warmup", func() error { return between(o.warmup, 0, maxWarmup) }},
		{"max-errors", func() (err error) { o.maxErrors, err = parseShare(c.maxErrors); return err }},
		{"theme", func() error { return themes.Check(o.theme) }},
		{"fail-if", func() (err error) { o.failIf, err = report.ParseGates(c.failIf); return err }},
		{"instance", func() error { return checkInstance(o.instance) }},
		{"out", func() error {
			if o.out == "" {
				return nil // no snapshot, as if not given
			}
			return checkOut(o.out)
		}},
		{"against", func() (err error) {
			if c.against == "" {
				return nil // nothing drawn behind, as if not given
			}
			o.against, err = report.ReadSnapshot(c.against)
			o.againstName = c.against
			return err
		}},
	} {
		if !c.set[f.name] {
			continue // a default needs no check
		}
		if err := f.check(); err != nil {
			return usagef("--%s: %w", f.name, err)
		}
	}
	o.params, err = c.params.resolve(c.set, c.live(), o.workload)
	if err != nil {
		return err
	}
	if err := c.load.resolve(c); err != nil {
		return err
	}
	return c.resolveImpls()
}

// resolveImpls checks --a and --b (or a matrix's --ref) against the
// starting workload's implementations; a side not given runs the
// workload's default.
func (c *cmdline) resolveImpls() error {
	w := c.start().w
	if c.o.matrix {
		if c.set["a"] || c.set["b"] {
			return usagef("--a, --b: a matrix runs every implementation; name its reference with --ref")
		}
		if c.set["ref"] {
			if err := w.CheckImpl(c.o.ref); err != nil {
				return usagef("--ref: %w", err)
			}
		}
		return nil
	}
	if !c.set["a"] && !c.set["b"] {
		return nil
	}
	pair := w.Pair
	for v, f := range []struct{ name, value string }{{"a", c.a}, {"b", c.b}} {
		if !c.set[f.name] {
			continue
		}
		if err := w.CheckImpl(f.value); err != nil {
			return usagef("--%s: %w", f.name, err)
		}
		pair[v] = f.value
	}
	c.o.impls = map[string][2]string{w.Name: pair}
	return nil
}

// start is the tab of the starting workload, once checkWorkload passed.
func (c *cmdline) start() tab {
	return c.tabs[slices.IndexFunc(c.tabs, func(t tab) bool { return t.name == c.o.workload })]
}

// live lists the tabs the run will have: the target's only with --target.
func (c *cmdline) live() []tab {
	if c.o.target != nil {
		return c.tabs
	}
	return slices.DeleteFunc(slices.Clone(c.tabs), func(t tab) bool { return t.name == targetWorkload })
}

func (c *cmdline) checkWorkload() error {
	name := c.o.workload
	switch {
	case name == targetWorkload && c.o.target == nil:
		return errors.New("target needs --target 'CMD ARGS…' or --target tcp://HOST:PORT")
	case !slices.ContainsFunc(c.tabs, func(t tab) bool { return t.name == name }):
		return fmt.Errorf("unknown workload %q (have %s)", name, tabNames(c.tabs))
	}
	return nil
}

// apply sets the defaults that depend on the terminal: a headless run
// (--headless, or stdout not a terminal) lasts headlessDuration unless
// --duration says otherwise.
func (c *cmdline) apply(terminal bool) *options {
	o := c.o
	o.headless = o.headless || !terminal
	if o.headless && !c.set["duration"] {
		o.duration = headlessDuration
	}
	return &o
}

// parseShare reads a share of ops: "1%" or "0.01", from 0 to 100 %.
func parseShare(s string) (float64, error) {
	x, err := report.ParseThreshold(s)
	if err == nil && x > 1 {
		err = fmt.Errorf("%s is more than every op", s)
	}
	return x, err
}

// between requires lo ≤ v ≤ hi.
func between[T cmp.Ordered](v, lo, hi T) error {
	if v < lo || v > hi {
		return fmt.Errorf("must be between %v and %v, got %v", lo, hi, v)
	}
	return nil
}

// firstGiven is the first of names given on the command line (set), or ""
// when none was: the flag an error about a missing companion names.
func firstGiven(set map[string]bool, names ...string) string {
	i := slices.IndexFunc(names, func(name string) bool { return set[name] })
	if i < 0 {
		return ""
	}
	return names[i]
}

// positive requires d > 0, or d == 0 where zeroOK (the dashboard's "until
// quit").
func positive(d time.Duration, zeroOK bool) error {
	if d < 0 || (d == 0 && !zeroOK) {
		return fmt.Errorf("must be positive, got %v", d)
	}
	return nil
}

// maxInstance bounds an --instance name (a DNS name's length).
const maxInstance = 253

// checkInstance requires a name of printable characters without spaces.
func checkInstance(name string) error {
	if name == "" || len(name) > maxInstance {
		return fmt.Errorf("want a name of 1 to %d bytes, got %d", maxInstance, len(name))
	}
	for _, r := range name {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return fmt.Errorf("%q: only printable characters without spaces", name)
		}
	}
	return nil
}

// instanceName is the --instance name, or the hostname without one.
func instanceName(o *options) string {
	if o.instance != "" {
		return o.instance
	}
	host, _ := os.Hostname()
	return host
}
