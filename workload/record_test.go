package workload

import (
	"slices"
	"testing"
)

// Sampling times the first op, then one in every Gap()+1.
func TestSampling(t *testing.T) {
	t.Parallel()
	rec := &Tally{Every: 3}
	var s Sampling
	var got []bool
	for range 7 {
		got = append(got, s.Next(rec))
	}
	if want := []bool{true, false, false, true, false, false, true}; !slices.Equal(got, want) {
		t.Fatalf("timed %v, want %v", got, want)
	}
}
