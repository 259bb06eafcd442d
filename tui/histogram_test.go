package tui

import (
	"strings"
	"testing"
	"time"
)

// TestMarkers checks the layout of the percentile markers under the
// histogram: every percentile named, no name over a marker or another name.
func TestMarkers(t *testing.T) {
	t.Parallel()
	col := func(ns float64) float64 { return ns } // a duration of n ns sits in column n
	tests := []struct {
		name string
		w    int
		p    [3]time.Duration
		want string
	}{
		{"apart", 30, [3]time.Duration{5, 15, 25}, "     ▲p50      ▲p95      ▲p99 "},
		{"p50 next to p95", 30, [3]time.Duration{10, 11, 20}, "       p50▲▲p95     ▲p99      "},
		{"p95 next to p99", 30, [3]time.Duration{5, 20, 21}, "     ▲p50        p95▲▲p99     "},
		{"one column apart", 30, [3]time.Duration{10, 12, 20}, "       p50▲ ▲p95    ▲p99      "},
		{"three in a row", 30, [3]time.Duration{10, 11, 12}, "    p50/95▲▲▲p99              "},
		{"one column", 30, [3]time.Duration{10, 10, 10}, "          ▲p50/95/99          "},
		{"p95 and p99 share a column", 30, [3]time.Duration{5, 20, 20}, "     ▲p50           ▲p95/99   "},
		{"p99 at the right edge", 30, [3]time.Duration{5, 15, 29}, "     ▲p50      ▲p95       p99▲"},
		{"crowded at the right edge", 30, [3]time.Duration{5, 28, 29}, "     ▲p50             p95/99▲▲"},
		{"no room right of p99: p95 moves left too", 24, [3]time.Duration{4, 14, 21}, "    ▲p50   p95▲   p99▲  "},
		{"all on the left", 33, [3]time.Duration{19, 25, 31}, "                p50▲  p95▲  p99▲ "},
		{"only p50", 30, [3]time.Duration{10, 0, 0}, "          ▲p50                "},
		{"too narrow for names", 4, [3]time.Duration{1, 2, 3}, " ▲▲▲"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := markers(tt.w, tt.p, col); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
	// Wherever the three land on a row of 24 columns, each is named (a
	// zero duration means "none", so column 0 is left out).
	const w = 24
	for a := 1; a < w; a++ {
		for b := a; b < w; b++ {
			for c := b; c < w; c++ {
				p := [3]time.Duration{time.Duration(a), time.Duration(b), time.Duration(c)}
				row := markers(w, p, col)
				if n := len([]rune(row)); n != w || strings.Count(row, "▲") != len(map[int]bool{a: true, b: true, c: true}) {
					t.Fatalf("%v: %q: wrong width or markers", p, row)
				}
				if !strings.Contains(row, "p50") || !hasName(row, "95") || !hasName(row, "99") {
					t.Fatalf("%v: a percentile is not named: %q", p, row)
				}
			}
		}
	}
}

// hasName reports whether row names the percentile pNN, alone or shared.
func hasName(row, nn string) bool {
	return strings.Contains(row, "p"+nn) || strings.Contains(row, "/"+nn)
}
