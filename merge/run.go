package merge

import (
	"fmt"
	"strings"
	"time"

	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/units"
)

// record starts a run's merge record: each instance's start and their
// spread; and notes what differed between the instances' runs and how it
// was combined (slice lengths, dropped seconds, calibration checks).
// It returns the earliest start too.
func record(rs []*snapshot.Run, names []string) (m *snapshot.Merged, first time.Time, notes []string, err error) {
	m = &snapshot.Merged{}
	var last time.Time
	var lens []string
	slicesDiffer, calibrated := false, false
	for i, r := range rs {
		t, err := time.Parse(time.RFC3339, r.StartedAt)
		if err != nil {
			return nil, first, nil, fmt.Errorf("%s: started_at: %w", names[i], err)
		}
		if i == 0 || t.Before(first) {
			first = t
		}
		if i == 0 || t.After(last) {
			last = t
		}
		m.StartedAt = append(m.StartedAt, t.UTC().Format(time.RFC3339Nano))
		lens = append(lens, names[i]+" "+units.Short(r.SliceMs)+" ms")
		slicesDiffer = slicesDiffer || r.SliceMs != rs[0].SliceMs
		calibrated = calibrated || len(r.Calibration) > 0
		if r.DroppedTicks > 0 {
			notes = append(notes, fmt.Sprintf("%s dropped its first %d seconds (only the newest are kept)", names[i], r.DroppedTicks))
		}
	}
	m.StartSpreadS = last.Sub(first).Seconds()
	if slicesDiffer {
		notes = append(notes, "slice lengths differ ("+strings.Join(lens, ", ")+"); slice_ms is the longest")
	}
	if calibrated {
		notes = append(notes, "calibration checks are of one instance against its truth and are not merged")
	}
	return m, first, notes, nil
}

// mergeVariant merges variant v of the runs: its merged seconds (pts),
// the summed histograms and the summary.
func mergeVariant(rs []*snapshot.Run, names, srcs []string, v int, pts []snapshot.Point) (snapshot.VariantRun, error) {
	vr := snapshot.VariantRun{Variant: rs[0].Variants[v].Variant, Impl: rs[0].Variants[v].Impl, Label: rs[0].Variants[v].Label, Series: pts}
	h, err := histogram(rs, v, false, srcs)
	if err != nil {
		return vr, fmt.Errorf("latency_histogram: %w", err)
	}
	eh, err := histogram(rs, v, true, srcs)
	if err != nil {
		return vr, fmt.Errorf("error_latency_histogram: %w", err)
	}
	vr.Histogram, vr.ErrorHistogram = buckets(h), buckets(eh)
	vr.Summary = summary(rs, names, v, pts, h, eh)
	sh, err := serviceHistogram(rs, v, srcs)
	if err != nil {
		return vr, err
	}
	vr.ServiceHistogram = buckets(sh)
	openSummary(&vr.Summary, rs, v, sh)
	if vr.Methods, err = mergeMethods(rs, v, srcs); err != nil {
		return vr, err
	}
	return vr, nil
}

// runFigures sets the merged run's figures that are one per instance:
// the slice (the longest), the seconds dropped (the most) and the
// observer's share of active time (over all instances' active time).
func runFigures(out *snapshot.Run, rs []*snapshot.Run) {
	var share wavg
	for _, r := range rs {
		out.SliceMs = max(out.SliceMs, r.SliceMs)
		if out.SliceNote == "" {
			out.SliceNote = r.SliceNote
		}
		out.DroppedTicks = max(out.DroppedTicks, r.DroppedTicks)
		var active float64
		for _, vr := range r.Variants {
			for _, p := range vr.Series {
				if !p.Warmup {
					active += p.ActiveS
				}
			}
		}
		share.add(r.ObserverShare, active)
	}
	out.ObserverShare = share.mean()
}
