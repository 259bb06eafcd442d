package snapshot

import "fmt"

// IsMerged reports whether s was made by mcptop merge from several
// instances' snapshots.
func (s *Snapshot) IsMerged() bool { return len(s.Instances) > 0 }

// validateFleet checks what a merge adds: instances named once each, with
// their times; in a merged snapshot every run says how it was merged and
// every point how many instances it holds; in any other, none does.
func (s *Snapshot) validateFleet() error {
	seen := map[string]bool{}
	for i, in := range s.Instances {
		at := fmt.Sprintf("instances[%d]", i)
		switch {
		case in.Name == "":
			return fieldErr(at+".name", "empty")
		case seen[in.Name]:
			return fieldErr(at+".name", "%q appears twice", in.Name)
		}
		seen[in.Name] = true
		if err := rfc3339(at+".created_at", in.CreatedAt); err != nil {
			return err
		}
		if err := nonNeg(at+".observer_cost_ns", in.ObserverCostNs); err != nil {
			return err
		}
	}
	for i := range s.Runs {
		if err := s.Runs[i].validateMerged(fmt.Sprintf("runs[%d]", i), len(s.Instances)); err != nil {
			return err
		}
	}
	return nil
}

// validateMerged checks a run's merge record against n instances (0: the
// snapshot is not merged).
func (r *Run) validateMerged(at string, n int) error {
	m := r.Merged
	switch {
	case n == 0 && m != nil:
		return fieldErr(at+".merged", "set in a snapshot that lists no instances")
	case n > 0 && m == nil:
		return fieldErr(at+".merged", "missing in a merged snapshot")
	}
	if m != nil {
		if len(m.StartedAt) != n {
			return fieldErr(at+".merged.started_at", "%d times for %d instances", len(m.StartedAt), n)
		}
		for k, t := range m.StartedAt {
			if err := rfc3339(fmt.Sprintf("%s.merged.started_at[%d]", at, k), t); err != nil {
				return err
			}
		}
		if err := nonNeg(at+".merged.start_spread_s", m.StartSpreadS); err != nil {
			return err
		}
		if m.PartialSeconds < 0 {
			return fieldErr(at+".merged.partial_seconds", "%d is negative", m.PartialSeconds)
		}
	}
	for j := range r.Variants {
		for k, p := range r.Variants[j].Series {
			if (n == 0 && p.Instances != 0) || p.Instances < 0 || p.Instances > n {
				return fieldErr(fmt.Sprintf("%s.variants[%d].series[%d].instances", at, j, k),
					"%d; the snapshot is merged from %d instances", p.Instances, n)
			}
		}
	}
	return nil
}
