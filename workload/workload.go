package workload

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Variant selects one side of a workload's A/B pair.
type Variant int

const (
	// Baseline is the "before" implementation.
	Baseline Variant = iota
	// Optimised is the "after" implementation.
	Optimised
)

// Variants lists both variants in display order.
var Variants = [2]Variant{Baseline, Optimised}

// String returns "baseline" or "optimised".
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

// Workload is one job measured in two variants.
type Workload struct {
	Name        string    // short, lower case: "registry", "codec"
	Description string    // one line
	Labels      [2]string // what each variant is, e.g. {"encoding/json", "easyjson"}
	Params      []Param   // the workload's own parameters; "workers" is the engine's
	// Settings are the workload's other inputs that change what is
	// measured (a target's server and the call it makes), by name, as the
	// snapshot records them and compare checks they agree; nil for none.
	// Secrets (passwords, tokens, header values) are never among them.
	Settings map[string]string
	// New builds one variant's instance for a run with parameters p (every
	// parameter of Params present and validated). The engine calls it once per
	// variant per run and closes the instance when the run ends.
	New func(v Variant, p Params) (Instance, error)
	// Expect, for a workload of known cost (calibration), states what the
	// engine should report for parameters p ("workers" included); nil for
	// every other workload.
	Expect func(p Params) *Expected
}

// Expected is what a workload of known cost should measure, by variant: the
// truth a calibration run's figures are held against.
type Expected struct {
	P50, P99, P999, Max [2]time.Duration
	Ratio               float64 // B/A throughput: A's mean op over B's
	AllocBytes, Allocs  [2]float64
	CPUPerOp            [2]time.Duration
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
	for _, p := range w.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
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
