package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/mcptop/mcptop/stats"
	"github.com/mcptop/mcptop/units"
)

// method describes the test, for every output format.
func (r *Result) method() string {
	return fmt.Sprintf("Two-sided Mann–Whitney U test on the per-second values after warm-up in which the variant ran "+
		"(exact with ties up to %d per side, else normal approximation with tie correction), its p-value deflated "+
		"for the seconds' lag-1 autocorrelation (U's variance × (1+r)/(1−r)); p-values Holm–Bonferroni adjusted "+
		"across the tests of each run pair, α = %v for the pair as a whole. Old and new are medians of the "+
		"per-second values. Δ is the Hodges–Lehmann shift (median of all new − old differences) relative to the "+
		"old median, with Moses' %s interval, widened alike. A regression is a significant change worse than %s; "+
		"for errors and error rate, any failure where there was none, or a significant rise of any size.",
		stats.ExactMax, r.Alpha, units.Level(1-r.Alpha), units.Level(r.Threshold))
}

func (r *Result) tally() string {
	plural := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	unchanged, within := 0, 0
	for _, p := range r.Pairs {
		for _, c := range p.Changes {
			switch c.Class {
			case Unchanged:
				unchanged++
			case WithinThreshold:
				within++
			}
		}
	}
	skipped := ""
	if len(r.Skipped) > 0 {
		skipped = fmt.Sprintf(", %d not measurable", len(r.Skipped))
	}
	return fmt.Sprintf("%s, %s, %d with no significant change, %d within threshold, %d not compared%s → exit %d",
		plural(r.Regressions, "regression", "regressions"), plural(r.Improvements, "improvement", "improvements"),
		unchanged, within, len(r.NotCompared), skipped, r.ExitCode())
}

// verdictWord is how a class reads in a table.
func (c *Change) verdictWord() string {
	switch c.Class {
	case Regressed:
		return "REGRESSED"
	case WithinThreshold:
		if (c.Shift > 0) == c.BetterHigher {
			return "within threshold (better)"
		}
		return "within threshold (worse)"
	}
	return string(c.Class)
}

// sizes is the seconds on each side, with what they are worth as
// independent seconds when they are autocorrelated.
func (c *Change) sizes() string {
	s := fmt.Sprintf("%d/%d", c.OldN, c.NewN)
	if c.Inflation > 1.05 {
		s += fmt.Sprintf(" (≈%.0f/%.0f indep.)", stats.EffectiveN(c.OldN, c.Lag1[0]), stats.EffectiveN(c.NewN, c.Lag1[1]))
	}
	return s
}

// signed formats an absolute change in the metric's unit with its sign.
func (c *Change) signed(x float64) string {
	return units.Sign(x) + c.Metric.format(math.Abs(x))
}

// delta is Δ as a percentage, or as an absolute change when the old median
// is 0 and a percentage means nothing.
func (c *Change) delta() string {
	if c.OldMedian == 0 {
		return c.signed(c.Shift)
	}
	return units.Change(c.Delta)
}

func (c *Change) interval() string {
	switch {
	case c.FromZero:
		return "rose from 0"
	case math.IsNaN(c.ShiftLo):
		return units.Dash
	}
	if math.IsInf(c.ShiftLo, 0) || math.IsInf(c.ShiftHi, 0) {
		return "unbounded"
	}
	if c.OldMedian == 0 {
		return c.signed(c.ShiftLo) + " … " + c.signed(c.ShiftHi)
	}
	return units.Change(c.DeltaLo) + " … " + units.Change(c.DeltaHi)
}

func (r *Result) changeTable(withRun bool) table {
	head := []string{"variant", "metric", "old", "new", "Δ", units.Level(1-r.Alpha) + " CI", "p (Holm)", "n old/new", "verdict"}
	right := []bool{false, false, true, true, true, true, true, true, false}
	if withRun {
		head = append([]string{"run"}, head...)
		right = append([]bool{false}, right...)
	}
	t := table{head: head, right: right}
	for _, p := range r.Pairs {
		for _, c := range p.Changes {
			var row []string
			if c.Class == NotCompared {
				word := "not compared"
				if c.Unmeasurable {
					word = "not measurable"
				}
				row = []string{c.Variant, string(c.Metric), "—", "—", "—", "—", "—",
					fmt.Sprintf("%d/%d", c.OldN, c.NewN), word}
			} else {
				row = []string{c.Variant, string(c.Metric), c.Metric.format(c.OldMedian), c.Metric.format(c.NewMedian),
					c.delta(), c.interval(), units.PValue(c.P), c.sizes(), c.verdictWord()}
			}
			if withRun {
				row = append([]string{pairName(&p)}, row...)
			}
			t.rows = append(t.rows, row)
		}
	}
	return t
}

func pairName(p *RunPair) string {
	if len(p.Params) == 0 {
		return p.Workload
	}
	return p.Workload + " " + paramString(p.Params, " ")
}

// regressionLines lists each regression with metric, variant, old → new, Δ,
// interval and p.
func (r *Result) regressionLines() []string {
	var out []string
	for _, p := range r.Pairs {
		for _, c := range p.Changes {
			switch {
			case c.Class == Regressed && c.FromZero:
				out = append(out, fmt.Sprintf("%s · %s %s: none in %s, up to %s a second in %s (any failure where there was none)",
					pairName(&p), c.Variant, c.Metric, r.OldName, c.Metric.format(c.NewMax), r.NewName))
			case c.Class == Regressed:
				out = append(out, fmt.Sprintf("%s · %s %s: %s → %s, Δ %s (%s CI %s), p %s (Holm, %d tests)",
					pairName(&p), c.Variant, c.Metric, c.Metric.format(c.OldMedian), c.Metric.format(c.NewMedian),
					c.delta(), units.Level(1-r.Alpha), c.interval(), units.PValue(c.P), p.Tests))
			}
		}
	}
	return out
}

func writeCompareText(w io.Writer, r *Result) error {
	var b strings.Builder
	b.WriteString("mcptop compare: " + r.OldName + " → " + r.NewName + "\n")
	b.WriteString(r.method() + "\n")
	for _, p := range r.Pairs {
		b.WriteString("\n" + pairName(&p) + "\n")
		t := r.pairTable(p)
		t.text(&b, "  ")
		for _, n := range p.Notes {
			b.WriteString("  note: " + n + "\n")
		}
	}
	if regs := r.regressionLines(); len(regs) > 0 {
		b.WriteString(fmt.Sprintf("\nREGRESSIONS (%d)\n", len(regs)))
		for _, l := range regs {
			b.WriteString("  " + l + "\n")
		}
	}
	if len(r.NotCompared) > 0 {
		b.WriteString(fmt.Sprintf("\nNOT COMPARED (%d)\n", len(r.NotCompared)))
		for _, p := range r.NotCompared {
			b.WriteString("  " + p.Subject + ": " + oneLine(p.Reason) + "\n")
		}
	}
	if len(r.Skipped) > 0 {
		b.WriteString(fmt.Sprintf("\nNOT MEASURABLE IN EITHER RUN (%d, default metrics; not a failure)\n", len(r.Skipped)))
		for _, p := range r.Skipped {
			b.WriteString("  " + p.Subject + ": " + oneLine(p.Reason) + "\n")
		}
	}
	if len(r.Notes) > 0 {
		b.WriteString("\nNOTES\n")
		for _, n := range r.Notes {
			b.WriteString("  " + n + "\n")
		}
	}
	b.WriteString("\nresult: " + r.tally() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// pairTable is changeTable restricted to one pair.
func (r *Result) pairTable(p RunPair) table {
	one := *r
	one.Pairs = []RunPair{p}
	return one.changeTable(false)
}

func writeCompareMarkdown(w io.Writer, r *Result) error {
	var b strings.Builder
	b.WriteString("## mcptop compare: " + mdEscape(r.OldName) + " → " + mdEscape(r.NewName) + "\n\n")
	b.WriteString("**" + mdEscape(r.tally()) + "**\n\n")
	if regs := r.regressionLines(); len(regs) > 0 {
		b.WriteString("### Regressions\n\n")
		for _, l := range regs {
			b.WriteString("- " + mdEscape(l) + "\n")
		}
		b.WriteString("\n")
	}
	if len(r.Pairs) > 0 {
		t := r.changeTable(true)
		for i, row := range t.rows {
			if row[len(row)-1] == "REGRESSED" {
				t.rows[i][len(row)-1] = "**REGRESSED**"
			}
		}
		var tb strings.Builder
		t.markdown(&tb)
		// the bold marker must survive escaping
		b.WriteString(strings.ReplaceAll(tb.String(), `\*\*REGRESSED\*\*`, "**REGRESSED**"))
		b.WriteString("\n")
	}
	for _, p := range r.Pairs {
		for _, n := range p.Notes {
			b.WriteString("- note, " + mdEscape(pairName(&p)) + ": " + mdEscape(n) + "\n")
		}
	}
	if len(r.NotCompared) > 0 {
		b.WriteString("### Not compared\n\n")
		for _, p := range r.NotCompared {
			b.WriteString("- " + mdEscape(p.Subject) + ": " + mdEscape(oneLine(p.Reason)) + "\n")
		}
		b.WriteString("\n")
	}
	if len(r.Skipped) > 0 {
		b.WriteString("### Not measurable in either run (default metrics; not a failure)\n\n")
		for _, p := range r.Skipped {
			b.WriteString("- " + mdEscape(p.Subject) + ": " + mdEscape(oneLine(p.Reason)) + "\n")
		}
		b.WriteString("\n")
	}
	if len(r.Notes) > 0 {
		b.WriteString("### Notes\n\n")
		for _, n := range r.Notes {
			b.WriteString("- " + mdEscape(n) + "\n")
		}
		b.WriteString("\n")
	}
	b.WriteString("<sub>" + mdEscape(r.method()) + "</sub>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonNum is a finite number or null.
type jsonNum = *float64

func num(x float64) jsonNum {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

type jsonChange struct {
	Variant        string  `json:"variant"`
	Metric         Metric  `json:"metric"`
	Field          string  `json:"field"`
	Unit           string  `json:"unit"`
	HigherIsBetter bool    `json:"higher_is_better"`
	Class          Class   `json:"class"`
	Reason         string  `json:"reason,omitempty"`
	OldN           int     `json:"old_samples"`
	NewN           int     `json:"new_samples"`
	OldMedian      jsonNum `json:"old_median"`
	NewMedian      jsonNum `json:"new_median"`
	Shift          jsonNum `json:"shift"`
	ShiftLow       jsonNum `json:"shift_ci_low"`
	ShiftHigh      jsonNum `json:"shift_ci_high"`
	Delta          jsonNum `json:"delta"` // relative; null when the old median is 0
	DeltaLow       jsonNum `json:"delta_ci_low"`
	DeltaHigh      jsonNum `json:"delta_ci_high"`
	P              jsonNum `json:"p"` // Holm-adjusted across the run pair's tests
	RawP           jsonNum `json:"p_unadjusted"`
	Exact          bool    `json:"p_exact"`
	Lag1Old        float64 `json:"lag1_autocorrelation_old"`
	Lag1New        float64 `json:"lag1_autocorrelation_new"`
	Inflation      float64 `json:"u_variance_inflation"` // 1: the seconds look independent
	FromZero       bool    `json:"rose_from_zero,omitempty"`
}

type jsonRun struct {
	Workload string         `json:"workload"`
	Params   map[string]int `json:"params"`
	OldRun   int            `json:"old_run"` // index in the old snapshot's runs
	NewRun   int            `json:"new_run"`
	Notes    []string       `json:"notes"`
	Tests    int            `json:"holm_tests"` // p-values the Holm adjustment spans
	Changes  []jsonChange   `json:"changes"`
}

type jsonResult struct {
	Old          string    `json:"old"`
	New          string    `json:"new"`
	Method       string    `json:"method"`
	Threshold    float64   `json:"threshold"`
	Alpha        float64   `json:"alpha"`
	Metrics      []Metric  `json:"metrics"`
	ExitCode     int       `json:"exit_code"`
	Regressions  int       `json:"regressions"`
	Improvements int       `json:"improvements"`
	Runs         []jsonRun `json:"runs"`
	NotCompared  []Problem `json:"not_compared"`
	Skipped      []Problem `json:"not_measurable"`
	Notes        []string  `json:"notes"`
}

func writeCompareJSON(w io.Writer, r *Result) error {
	out := jsonResult{
		Old: r.OldName, New: r.NewName, Method: r.method(), Threshold: r.Threshold, Alpha: r.Alpha,
		Metrics: r.Metrics, ExitCode: r.ExitCode(), Regressions: r.Regressions, Improvements: r.Improvements,
		Runs: []jsonRun{}, NotCompared: r.NotCompared, Skipped: r.Skipped, Notes: r.Notes,
	}
	if out.Skipped == nil {
		out.Skipped = []Problem{}
	}
	if out.NotCompared == nil {
		out.NotCompared = []Problem{}
	}
	if out.Notes == nil {
		out.Notes = []string{}
	}
	for _, p := range r.Pairs {
		jr := jsonRun{Workload: p.Workload, Params: p.Params, OldRun: p.OldIndex, NewRun: p.NewIndex, Notes: p.Notes, Tests: p.Tests}
		if jr.Notes == nil {
			jr.Notes = []string{}
		}
		for _, c := range p.Changes {
			jc := jsonChange{
				Variant: c.Variant, Metric: c.Metric, Field: c.Metric.field(), Unit: c.Metric.unit(),
				HigherIsBetter: c.BetterHigher, Class: c.Class, Reason: c.Reason, OldN: c.OldN, NewN: c.NewN,
			}
			if c.Class != NotCompared {
				jc.OldMedian, jc.NewMedian = num(c.OldMedian), num(c.NewMedian)
				jc.Shift, jc.ShiftLow, jc.ShiftHigh = num(c.Shift), num(c.ShiftLo), num(c.ShiftHi)
				jc.Delta, jc.DeltaLow, jc.DeltaHigh = num(c.Delta), num(c.DeltaLo), num(c.DeltaHi)
				jc.P, jc.RawP, jc.Exact, jc.FromZero = num(c.P), num(c.RawP), c.Exact, c.FromZero
				jc.Lag1Old, jc.Lag1New, jc.Inflation = c.Lag1[0], c.Lag1[1], c.Inflation
			}
			jr.Changes = append(jr.Changes, jc)
		}
		out.Runs = append(out.Runs, jr)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
