package report

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/mcptop/mcptop/snapshot"
)

// pairRuns pairs each run of old with the first unused run of new that
// measured the same thing (pairingDiffs finds no difference) and compares
// them. A run of old left over is not compared: missing in new, or (when
// new has an unused run of its workload) measured differently, naming
// what differs. A run of new left over is noted.
func (res *Result) pairRuns(old, new *snapshot.Snapshot) {
	used := make([]bool, len(new.Runs))
	var unpaired []int
	for i := range old.Runs {
		j := findRun(new.Runs, used, func(r *snapshot.Run) bool { return len(pairingDiffs(&old.Runs[i], r)) == 0 })
		if j < 0 {
			unpaired = append(unpaired, i)
			continue
		}
		used[j] = true
		res.Pairs = append(res.Pairs, res.pair(old, new, i, j))
	}
	for _, i := range unpaired {
		o := &old.Runs[i]
		j := findRun(new.Runs, used, func(r *snapshot.Run) bool { return r.Workload == o.Workload })
		if j < 0 {
			res.NotCompared = append(res.NotCompared, Problem{runName(o), "missing in " + res.NewName})
			continue
		}
		used[j] = true
		res.NotCompared = append(res.NotCompared, Problem{runName(o), fmt.Sprintf("measured differently from %s's %s run: %s",
			res.NewName, o.Workload, strings.Join(pairingDiffs(o, &new.Runs[j]), "; "))})
	}
	for j := range new.Runs {
		if !used[j] {
			res.Notes = append(res.Notes, fmt.Sprintf("%s: only in %s, not compared", runName(&new.Runs[j]), res.NewName))
		}
	}
}

// pairingDiffs lists what differs between runs a (old) and b (new) among
// the fields that must agree for the two to be compared: the workload, its
// parameters, the implementations the sides ran (another implementation is
// not a regression of either), the variants' labels (what each variant is)
// and the settings (a target's server, call, arguments, timeout). Other
// differences (workers, mode, timing) are notes on a pair, not a bar to it.
func pairingDiffs(a, b *snapshot.Run) []string {
	var out []string
	differ := func(what, x, y string) {
		if x != y {
			out = append(out, fmt.Sprintf("%s %s → %s", what, x, y))
		}
	}
	differ("workload", a.Workload, b.Workload)
	differ("parameters", paramsOrNone(a.Params), paramsOrNone(b.Params))
	differ("implementations", implPair(a), implPair(b))
	for v := range min(len(a.Variants), len(b.Variants)) {
		differ(a.Variants[v].Variant+" label", quote(a.Variants[v].Label), quote(b.Variants[v].Label))
	}
	for _, k := range slices.Sorted(maps.Keys(union(a.Settings, b.Settings))) {
		x, okA := a.Settings[k]
		y, okB := b.Settings[k]
		differ(k, settingOrNone(x, okA), settingOrNone(y, okB))
	}
	return out
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

func settingOrNone(v string, ok bool) string {
	if !ok {
		return "(none)"
	}
	return quote(v)
}

func union(a, b map[string]string) map[string]string {
	out := maps.Clone(a)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, b)
	return out
}

// pair compares run i of old with run j of new, noting what differs
// between them that does not bar the comparison.
func (res *Result) pair(old, new *snapshot.Snapshot, i, j int) RunPair {
	o, n := &old.Runs[i], &new.Runs[j]
	p := RunPair{Workload: o.Workload, Params: o.Params, OldIndex: i, NewIndex: j}
	differ := func(what, a, b string) {
		if a != b {
			p.Notes = append(p.Notes, fmt.Sprintf("%s differs: %s → %s", what, a, b))
		}
	}
	differ("workers per variant", fmt.Sprint(o.Workers), fmt.Sprint(n.Workers))
	differ("mode", o.Mode, n.Mode)
	differ("timing", o.Timing, n.Timing)
	for v := range 2 {
		for _, m := range res.Metrics {
			p.Changes = append(p.Changes, res.change(o, n, v, m))
		}
	}
	p.Tests = res.adjust(p.Changes)
	return p
}

func findRun(runs []snapshot.Run, used []bool, match func(*snapshot.Run) bool) int {
	for j := range runs {
		if !used[j] && match(&runs[j]) {
			return j
		}
	}
	return -1
}

// runName names a run by workload and parameters: "registry keys=1000 prefill=10".
func runName(r *snapshot.Run) string {
	if len(r.Params) == 0 {
		return r.Workload
	}
	return r.Workload + " " + paramString(r.Params, " ")
}

func paramsOrNone(m map[string]int) string {
	if len(m) == 0 {
		return "no parameters"
	}
	return paramString(m, " ")
}

func envNotes(a, b snapshot.Env) []string {
	var notes []string
	add := func(what, x, y string) {
		if x != y {
			notes = append(notes, fmt.Sprintf("machine differs: %s %s → %s", what, x, y))
		}
	}
	add("Go", a.GoVersion, b.GoVersion)
	add("OS/arch", a.OS+"/"+a.Arch, b.OS+"/"+b.Arch)
	add("GOMAXPROCS", fmt.Sprint(a.GOMAXPROCS), fmt.Sprint(b.GOMAXPROCS))
	add("CPUs", fmt.Sprint(a.NumCPU), fmt.Sprint(b.NumCPU))
	add("CPU", a.CPUModel, b.CPUModel)
	return notes
}
