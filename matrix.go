package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/units"
	"github.com/mcptop/mcptop/workload"
)

// matrixPlan is what mcptop matrix runs: the workload, its reference
// implementation, and every other implementation, each in its own run
// against the reference.
type matrixPlan struct {
	w     workload.Workload
	ref   string
	cands []string
}

// planMatrix picks the reference (--ref, else the workload's default A)
// and the candidates, and makes the engine start with the first pair.
func planMatrix(ws []workload.Workload, o *options) (*matrixPlan, error) {
	p := &matrixPlan{}
	for _, w := range ws {
		if w.Name == o.workload {
			p.w = w
		}
	}
	p.ref = o.ref
	if p.ref == "" {
		p.ref = p.w.Pair[0]
	}
	for _, im := range p.w.Impls {
		if im.Name != p.ref {
			p.cands = append(p.cands, im.Name)
		}
	}
	if len(p.cands) == 0 {
		return nil, usagef("--workload: %s has no implementation besides %s to compare", p.w.Name, p.ref)
	}
	o.impls = map[string][2]string{p.w.Name: {p.ref, p.cands[0]}}
	return p, nil
}

// matrixRow is one run of the matrix: the reference against cand.
type matrixRow struct {
	cand string
	last engine.Update // the run's newest second, with its summary
	err  error
}

// runMatrix runs every candidate against the reference in turn, each for
// o.duration of measured seconds (warm-up included, as a headless run
// counts them), prints one table and writes one snapshot of every run.
func runMatrix(ctx context.Context, r *engine.Runner, o *options, p *matrixPlan, stdout, stderr io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ticks := int(math.Ceil(o.duration.Seconds()))
	fmt.Fprintf(stdout, "mcptop %s: matrix of %s, %d implementations against %s, %d s each (%d-second warm-up), %s mode\n",
		version(), p.w.Name, len(p.cands), p.ref, ticks, o.warmup, o.mode)
	updates := r.Start(ctx)
	var rows []matrixRow
	for i, cand := range p.cands {
		var seq uint64
		if i > 0 {
			seq = r.SetImpl(workload.Optimised, cand)
		}
		row := matrixRow{cand: cand}
		row.last, row.err = collectRun(updates, seq, ticks)
		if row.last.Tick {
			fmt.Fprintf(stdout, "  %s vs %s: %s\n", cand, p.ref, row.last.Compare.Said([2]string{p.ref, cand}))
		}
		rows = append(rows, row)
		if row.err != nil || ctx.Err() != nil {
			break
		}
	}
	cancel()
	for range updates {
	}
	r.Stop()
	fmt.Fprintln(stdout)
	printMatrix(stdout, p, rows)
	var errs []error
	for _, row := range rows {
		errs = append(errs, row.err)
	}
	if o.out != "" {
		errs = append(errs, writeSnapshot(r.Snapshot(), o.out, stdout, stdout, stderr))
	}
	return errors.Join(errs...)
}

// errMatrixEnded reports a matrix cut short by a signal or the engine.
var errMatrixEnded = errors.New("matrix: the run ended early")

// collectRun takes updates until the run started by command seq (0: the
// first run) has closed ticks seconds, and returns its last second.
func collectRun(updates <-chan engine.Update, seq uint64, ticks int) (engine.Update, error) {
	var last engine.Update
	runID, seen := 0, 0
	for u := range updates {
		if u.Err != nil {
			return last, u.Err
		}
		if u.Seq < seq {
			continue
		}
		if runID == 0 {
			runID = u.RunID
		}
		if !u.Tick || u.RunID != runID {
			continue
		}
		last = u
		if seen++; seen >= ticks {
			return last, nil
		}
	}
	return last, errMatrixEnded
}

// printMatrix prints one row per implementation: the reference's figures
// from its first run, each candidate's from its own, and each candidate's
// throughput against the reference over the seconds both ran.
func printMatrix(w io.Writer, p *matrixPlan, rows []matrixRow) {
	if len(rows) == 0 || !rows[0].last.Tick {
		fmt.Fprintln(w, "no second measured: nothing to show")
		return
	}
	first := rows[0].last
	fmt.Fprintf(w, "%s (%s; %s, timed %s), after warm-up:\n", p.w.Name, first.Params, first.Mode, first.Timing)
	accuracy := false
	for _, im := range p.w.Impls {
		accuracy = accuracy || im.Accuracy != nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	head := padName(p, "impl") + "\tops/s\t95% CI\tp50\tp99\tB/op\tallocs/op\tCPU/op\terrors\t"
	if accuracy {
		head += "max error\t"
	}
	fmt.Fprintln(tw, head+"vs "+p.ref+" [95% CI]\t")
	fmt.Fprintln(tw, matrixLine(p, p.ref, first.Summary[0], first.Params, accuracy)+"reference\t")
	for _, row := range rows {
		if !row.last.Tick {
			fmt.Fprintf(tw, "%s\t%s\t\n", padName(p, row.cand), "not measured: "+fmt.Sprint(row.err))
			continue
		}
		fmt.Fprintln(tw, matrixLine(p, row.cand, row.last.Summary[1], row.last.Params, accuracy)+ratioText(row.last.Compare, [2]string{p.ref, row.cand})+"\t")
	}
	tw.Flush()
	fmt.Fprintf(w, "(%s's figures are from its run against %s; each ratio is the median of the per-second ratios of its own run.", p.ref, rows[0].cand)
	if first.Mode == engine.Parallel {
		fmt.Fprint(w, " Parallel mode: B/op, allocs/op and CPU/op are both sides' together.")
	}
	fmt.Fprintln(w, ")")
	for _, im := range p.w.Impls {
		fmt.Fprintf(w, "  %s: %s\n", im.Name, im.Label)
	}
}

// matrixLine is the figures of one implementation's side of a run, up to
// its ratio column.
func matrixLine(p *matrixPlan, name string, s engine.Summary, params workload.Params, accuracy bool) string {
	ci := "too few seconds"
	if s.OpsEnough {
		ci = units.SI(s.OpsLo) + "–" + units.SI(s.OpsHi)
	}
	lat := latencies(s.Ops, s.P50, s.P99) // "—" for a side that completed no op, as headless prints
	cells := []string{padName(p, name), units.SI(s.OpsPerSec), ci,
		lat[0], lat[1], units.Bytes(s.AllocPerOp), units.Num(s.AllocsPerOp),
		units.Duration(s.CPUPerOp), units.Count(s.Errors)}
	if accuracy {
		cells = append(cells, accuracyCell(p.w, name, params))
	}
	return strings.Join(cells, "\t") + "\t"
}

// padName pads an implementation's name to the longest one's width, so that
// the right-aligned table shows the names aligned left.
func padName(p *matrixPlan, name string) string {
	n := 0
	for _, im := range p.w.Impls {
		n = max(n, len(im.Name))
	}
	return name + strings.Repeat(" ", max(0, n-len(name)))
}

// accuracyCell is an implementation's largest relative error against the
// exact answer at the run's parameters: "exact", or measured.
func accuracyCell(w workload.Workload, name string, params workload.Params) string {
	im, _ := w.Impl(name)
	if im.Accuracy == nil {
		return im.Note
	}
	e, err := im.Accuracy(params.Without(engine.WorkersParam.Name))
	if err != nil {
		return units.Dash
	}
	return units.Percent(e)
}

// ratioText is a run's B/A throughput as its verdict reads it: "3.10×
// [2.90–3.30] faster", "1.50× [1.40–1.62] slower", "no clear difference
// (1.02× [0.97–1.08])".
func ratioText(c engine.Comparison, names [2]string) string {
	v := c.Judge()
	text := units.Ratio(v.Factor) + " [" + units.Interval(v.Lo, v.Hi) + "]"
	switch v.Kind {
	case units.Faster, units.Slower:
		return text + " " + v.Kind.String()
	case units.NoClearDifference:
		return "no clear difference (" + text + ")"
	}
	return v.Said(names)
}
