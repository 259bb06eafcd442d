package workload

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Variant is one side of a run: A, the reference (Baseline), or B, the
// candidate (Optimised). A run compares the implementations on its two
// sides; which implementation each side runs is the run's choice (Impl), so
// the side's name is a position, not a claim about which is faster.
type Variant int

const (
	// Baseline is side A, the reference the other side is compared with.
	Baseline Variant = iota
	// Optimised is side B, the candidate.
	Optimised
)

// Variants lists both sides in display order.
var Variants = [2]Variant{Baseline, Optimised}

// Letter returns "A" or "B".
func (v Variant) Letter() string {
	if v == Optimised {
		return "B"
	}
	return "A"
}

// String returns "baseline" or "optimised", the sides' names in snapshots
// and metrics, kept from when a side was one fixed implementation.
func (v Variant) String() string {
	if v == Optimised {
		return "optimised"
	}
	return "baseline"
}

// Param describes one adjustable parameter of a workload.
type Param struct {
	Name    string // flag and snapshot key, e.g. "size", "depth", "window", "prefill"
	Help    string // one line for --help and the UI
	Unit    string // "B", "keys", "" ...; shown after the value
	Default int
	Min     int
	Max     int
	// Steps are the values the UI's [ and ] keys move between, ascending.
	// Empty means the UI doubles and halves within Min..Max.
	Steps []int
}

// Validate reports whether v is an allowed value, with an error naming the
// parameter and its range.
func (p Param) Validate(v int) error {
	if v < p.Min || v > p.Max {
		return fmt.Errorf("%s must be between %d and %d, got %d", p.Name, p.Min, p.Max, v)
	}
	return nil
}

// Next returns the value after v for the ] key (dir > 0) or before it for the
// [ key (dir < 0), staying within range.
func (p Param) Next(v, dir int) int {
	if len(p.Steps) > 0 {
		if dir > 0 {
			for _, s := range p.Steps {
				if s > v {
					return s
				}
			}
			return v
		}
		for i := len(p.Steps) - 1; i >= 0; i-- {
			if p.Steps[i] < v {
				return p.Steps[i]
			}
		}
		return v
	}
	n := v
	switch {
	case dir > 0 && v <= 0:
		n = 1
	case dir > 0:
		n = v * 2
	case dir < 0:
		n = v / 2
	}
	return max(p.Min, min(p.Max, n))
}

// Params holds a value for each of a workload's parameters, by name.
type Params map[string]int

// String renders the parameters as "depth=1000 size=1024", sorted by name.
func (p Params) String() string { return p.Join(" ") }

// Join renders the parameters as name=value pairs sorted by name, separated
// by sep.
func (p Params) Join(sep string) string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString(sep)
		}
		fmt.Fprintf(&b, "%s=%d", k, p[k])
	}
	return b.String()
}

// Without returns a copy of p without the named parameter.
func (p Params) Without(name string) Params {
	c := p.Clone()
	delete(c, name)
	return c
}

// Clone returns a copy of p.
func (p Params) Clone() Params {
	c := make(Params, len(p))
	for k, v := range p {
		c[k] = v
	}
	return c
}

// Workload is one job, done by any of several implementations; a run
// measures two of them side by side.
type Workload struct {
	Name        string  // short, lower case: "registry", "codec"
	Description string  // one line
	Params      []Param // the workload's own parameters; "workers" is the engine's
	// Impls are the implementations, in the order lists and matrices show
	// them; at least one, names unique.
	Impls []Impl
	// Pair names the implementations sides A and B run unless told
	// otherwise: the seed's "before" and "after".
	Pair [2]string
	// Settings are the workload's other inputs that change what is
	// measured (a target's server and the call it makes), by name, as the
	// snapshot records them and compare checks they agree; nil for none.
	// Secrets (passwords, tokens, header values) are never among them.
	Settings map[string]string
	// Starting, if set, is what the engine says while it builds a run's
	// instances, when that may take a while ("starting server A…").
	Starting string
	// Expect, for a workload of known cost (calibration), states what the
	// engine should report for parameters p ("workers" included), by side;
	// nil for every other workload.
	Expect func(p Params) *Expected
}

// Expected is what a workload of known cost should measure, by side: the
// truth a calibration run's figures are held against.
type Expected struct {
	P50, P99, P999, Max [2]time.Duration
	Ratio               float64 // B/A throughput: A's mean op over B's
	AllocBytes, Allocs  [2]float64
	CPUPerOp            [2]time.Duration
}

// Impl is one implementation of a workload.
type Impl struct {
	// Name is short, lower case and stable: a flag value and a snapshot
	// key ("mutex", "sharded", "easyjson").
	Name string
	// Label says what it is in a few words ("sync.Mutex + map").
	Label string
	// Note, if set, is what a user should know besides its speed, in one
	// line: an approximate answer's stated bound, say.
	Note string
	// New builds the implementation's instance for a run with parameters p
	// (every parameter of the workload present and validated). The engine
	// calls it once per side per run and closes the instance when the run
	// ends.
	New func(p Params) (Instance, error)
	// Accuracy, if set, measures the implementation's answers for
	// parameters p against the exact ones: the largest relative error
	// (0: exact). Only implementations that may answer approximately have
	// it.
	Accuracy func(p Params) (float64, error)
}

// WithSides returns w with two implementations built by one constructor
// told which side it builds, named and labelled by side, A's the default
// for side A and B's for side B: for a workload whose two sides are given
// rather than chosen (a target's two servers, a test's).
func (w Workload) WithSides(names, labels [2]string, newSide func(v Variant, p Params) (Instance, error)) Workload {
	w.Impls = nil
	for _, v := range Variants {
		w.Impls = append(w.Impls, Impl{Name: names[v], Label: labels[v],
			New: func(p Params) (Instance, error) { return newSide(v, p) }})
	}
	w.Pair = names
	return w
}

// Impl returns the named implementation.
func (w Workload) Impl(name string) (Impl, bool) {
	return named(w.Impls, func(im Impl) string { return im.Name }, name)
}

// ImplNames lists the implementations' names in order.
func (w Workload) ImplNames() []string {
	out := make([]string, len(w.Impls))
	for i, im := range w.Impls {
		out[i] = im.Name
	}
	return out
}

// CheckImpl returns an error naming the choices when w has no
// implementation called name.
func (w Workload) CheckImpl(name string) error {
	if _, ok := w.Impl(name); ok {
		return nil
	}
	return fmt.Errorf("workload %s has no implementation %q (have %s)", w.Name, name, strings.Join(w.ImplNames(), ", "))
}

// CheckImpls checks that w has implementations with unique, non-empty
// names and that its default pair names two of them.
func (w Workload) CheckImpls() error {
	if len(w.Impls) == 0 {
		return fmt.Errorf("workload %s has no implementations", w.Name)
	}
	seen := map[string]bool{}
	for _, im := range w.Impls {
		if im.Name == "" || seen[im.Name] || im.New == nil {
			return fmt.Errorf("workload %s: implementation %q unnamed, repeated or without New", w.Name, im.Name)
		}
		seen[im.Name] = true
	}
	for _, name := range w.Pair {
		if err := w.CheckImpl(name); err != nil {
			return fmt.Errorf("default pair: %w", err)
		}
	}
	return nil
}

// Defaults returns every parameter at its default value.
func (w Workload) Defaults() Params {
	p := make(Params, len(w.Params))
	for _, d := range w.Params {
		p[d.Name] = d.Default
	}
	return p
}

// Param returns the named parameter's description.
func (w Workload) Param(name string) (Param, bool) {
	return named(w.Params, func(p Param) string { return p.Name }, name)
}

// named returns the first of xs whose nameOf is name.
func named[T any](xs []T, nameOf func(T) string, name string) (T, bool) {
	for _, x := range xs {
		if nameOf(x) == name {
			return x, true
		}
	}
	var zero T
	return zero, false
}

// Validate checks that p names only known parameters with allowed values.
func (w Workload) Validate(p Params) error {
	for k, v := range p {
		d, ok := w.Param(k)
		if !ok {
			return fmt.Errorf("workload %s has no parameter %q", w.Name, k)
		}
		if err := d.Validate(v); err != nil {
			return err
		}
	}
	return nil
}

// Instance is one variant of a workload, set up for a run.
type Instance interface {
	// Worker returns the worker for engine goroutine i (0-based). Each worker
	// is used by one goroutine only and may keep unsynchronised state.
	Worker(i int) Worker
	// BytesPerOp is the payload bytes one operation moves, for bytes/s; 0 if
	// the workload has no meaningful byte count.
	BytesPerOp() int64
	// Close releases what the instance holds (goroutines, tables). The engine
	// calls it once, after every worker has stopped.
	Close() error
}

// Worker performs operations. Plain workers implement Op, and the engine
// times them. A worker may instead implement Pipeline, which takes precedence.
type Worker interface {
	// Op performs one operation and reports its failure.
	Op() error
}

// Func adapts a function to a Worker.
type Func func() error

// Op calls f.
func (f Func) Op() error { return f() }

// Labeled is implemented by an Instance that knows better than its
// Impl's Label what its variant measures (a server's name and
// version, known once it has answered initialize). The engine reads it once
// the instance is built and keeps it as the run's label of the variant.
type Labeled interface {
	Label() string
}

// ServerUsage is what a server process (and its children) has used up to a
// moment: CPU time, user and system, and its resident memory now.
type ServerUsage struct {
	CPU time.Duration
	RSS int64 // bytes
}

// ServerMeter is implemented by an Instance that drives a server process it
// can measure (a target started as a child, or one named by its pid). The
// engine reads it between slices, so each variant is charged for its own
// turns; ok is false when nothing can be measured (another OS, a remote
// server).
type ServerMeter interface {
	ServerUsage() (u ServerUsage, ok bool)
}

// MaxKinds is the most kinds of operation one instance may make (a call
// mix's methods); the engine keeps counts and latencies for each.
const MaxKinds = 16

// Kinded is implemented by an Instance whose operations are of several
// kinds (a mix of calls): Kinds names them, at most MaxKinds, in the order
// Timing.Kind and Counts.Kind index. The engine reads it once the instance
// is built, and then accounts for every kind apart as well as in total.
type Kinded interface {
	Kinds() []string
}
