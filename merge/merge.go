package merge

import (
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mcptop/mcptop/snapshot"
)

// Input is one instance's snapshot and where it came from.
type Input struct {
	Source string // the file it was read from, to name it in errors
	Snap   *snapshot.Snapshot
}

// Mixed stands, in a merged snapshot's Env, for a text on which the
// instances differ.
const Mixed = "mixed"

// Merge combines the snapshots of several instances that ran the same
// workloads with the same inputs at the same time into one, whose figures
// are the fleet's (see snapshot.Merged for what each becomes). now is the
// merged snapshot's created_at. It refuses, naming what is wrong: fewer
// than two inputs; a v1 snapshot (its seconds carry no wall-clock time);
// an input that is itself merged; two inputs of one instance; inputs that
// differ in anything but measurements (a *MismatchError); and a run in
// which no second after warm-up holds every instance.
func Merge(ins []Input, now time.Time) (*snapshot.Snapshot, error) {
	if len(ins) < 2 {
		return nil, fmt.Errorf("need at least 2 snapshots to merge, got %d", len(ins))
	}
	names, err := identify(ins)
	if err != nil {
		return nil, err
	}
	if err := match(ins); err != nil {
		return nil, err
	}
	first := ins[0].Snap
	out := &snapshot.Snapshot{
		Schema: snapshot.Schema, CreatedAt: now.UTC().Format(time.RFC3339Nano), Tool: first.Tool, Env: fleetEnv(ins),
	}
	srcs := make([]string, len(ins))
	for i, in := range ins {
		srcs[i] = in.Source
		out.Instances = append(out.Instances, snapshot.Instance{
			Name: names[i], CreatedAt: in.Snap.CreatedAt, Env: in.Snap.Env, ObserverCostNs: in.Snap.ObserverCostNs,
		})
		out.ObserverCostNs = max(out.ObserverCostNs, in.Snap.ObserverCostNs)
	}
	for k := range first.Runs {
		rs := make([]*snapshot.Run, len(ins))
		for i, in := range ins {
			rs[i] = &in.Snap.Runs[k]
		}
		r, err := mergeRun(rs, names, srcs)
		if err != nil {
			return nil, fmt.Errorf("runs[%d] (%s): %w", k, first.Runs[k].Workload, err)
		}
		out.Runs = append(out.Runs, r)
	}
	if err := out.Validate(); err != nil {
		return nil, fmt.Errorf("merge: the result is not a valid snapshot (a bug): %w", err)
	}
	return out, nil
}

// identify checks that every input can be merged on its own account and
// names its instance: the snapshot's instance, else its hostname, else its
// file's name; two inputs of one name are one instance twice.
func identify(ins []Input) ([]string, error) {
	names := make([]string, len(ins))
	seen := map[string]string{}
	for i, in := range ins {
		s := in.Snap
		switch {
		case s.Schema == snapshot.SchemaV1:
			return nil, fmt.Errorf("%s is %s: its seconds carry no wall-clock time (unix_ms, new in %s), "+
				"so they cannot be aligned with other machines'; merge snapshots written by a newer mcptop",
				in.Source, s.Schema, snapshot.Schema)
		case s.IsMerged():
			return nil, fmt.Errorf("%s is already merged from %d instances; merge the instances' own snapshots",
				in.Source, len(s.Instances))
		case s.Capacity != nil:
			return nil, fmt.Errorf("%s holds a capacity search, whose steps are one instance's choices; "+
				"merge a fleet's runs at a fixed --rate", in.Source)
		}
		names[i] = cmp(s.Instance, s.Env.Hostname, strings.TrimSuffix(filepath.Base(in.Source), ".json"))
		if prev, dup := seen[names[i]]; dup {
			return nil, fmt.Errorf("%s and %s are both of instance %q: the same run twice would count twice "+
				"(give each mcptop its own --instance NAME)", prev, in.Source, names[i])
		}
		seen[names[i]] = in.Source
	}
	return names, nil
}

// cmp is the first of xs that is not empty.
func cmp(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

// fleetEnv describes the fleet: the texts every instance shares (Mixed
// where they differ) and the processors of all of them.
func fleetEnv(ins []Input) snapshot.Env {
	e := ins[0].Snap.Env
	e.GOMAXPROCS, e.NumCPU = 0, 0
	for _, in := range ins {
		x := in.Snap.Env
		e.GoVersion = same(e.GoVersion, x.GoVersion)
		e.OS = same(e.OS, x.OS)
		e.Arch = same(e.Arch, x.Arch)
		e.CPUModel = same(e.CPUModel, x.CPUModel)
		e.Hostname = same(e.Hostname, x.Hostname)
		e.GOMAXPROCS += x.GOMAXPROCS
		e.NumCPU += x.NumCPU
	}
	return e
}

func same(a, b string) string {
	if a == b {
		return a
	}
	return Mixed
}

// errNoOverlap refuses a run that has no second every instance ran in.
var errNoOverlap = errors.New("no second after warm-up in which every instance ran: were they started together?")

// mergeRun merges the k-th run of every instance (rs, named names, read
// from srcs).
func mergeRun(rs []*snapshot.Run, names, srcs []string) (snapshot.Run, error) {
	out := *rs[0]
	out.Params, out.Settings = maps.Clone(out.Params), maps.Clone(out.Settings)
	out.Variants, out.Calibration = nil, nil
	m, first, notes, err := record(rs, names)
	if err != nil {
		return out, err
	}
	out.StartedAt = first.UTC().Format(time.RFC3339Nano)
	out.Merged = m
	runFigures(&out, rs)
	pts, ks, moved := mergeSeries(rs)
	for v, n := range moved {
		if n > 0 {
			notes = append(notes, fmt.Sprintf("%s: %d seconds moved on by one where an instance's clock stepped back",
				rs[0].Variants[v].Variant, n))
		}
	}
	for _, k := range ks {
		if pts[0].partial[k] || pts[1].partial[k] {
			m.PartialSeconds++
		}
	}
	for v := range 2 {
		vr, err := mergeVariant(rs, names, srcs, v, pts[v].points)
		if err != nil {
			return out, err
		}
		out.Variants = append(out.Variants, vr)
	}
	if !slices.ContainsFunc(pts[0].points, func(p snapshot.Point) bool { return !p.Warmup && !p.Partial }) {
		return out, errNoOverlap
	}
	out.Comparison = comparison(pts[0].points, pts[1].points, [2]string{out.Variants[0].Impl, out.Variants[1].Impl},
		[2]float64{out.Variants[0].Summary.ErrorRate, out.Variants[1].Summary.ErrorRate}, rs[0].Comparison.MaxErrorRate)
	out.DurationS = float64(ks[len(ks)-1] - ks[0] + 1) // a validated run has seconds
	m.Notes = notes
	return out, nil
}
