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
		{"one share, not two: p95 with p99", 20, [3]time.Duration{4, 5, 7}, " p50▲▲ ▲p95/99      "},
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

// TestPlaceNamesFindsAnyPlacement checks placeNames against trying every
// side for every name: it finds a placement exactly when one exists.
func TestPlaceNamesFindsAnyPlacement(t *testing.T) {
	t.Parallel()
	const w = 16
	names := []string{"p50", "p95", "p99"}
	for a := 0; a < w; a++ {
		for b := a + 1; b <= w; b++ {
			for c := b + 1; c <= w+1; c++ {
				var marks []mark
				for i, col := range []int{a, b, c} {
					if col < w {
						marks = append(marks, mark{lo: col, hi: col, name: names[i]})
					}
				}
				_, got := placeNames(marks, w)
				if want := anyPlacement(marks, w); got != want {
					t.Fatalf("marks %v on %d columns: placed %v, a placement exists %v", marks, w, got, want)
				}
			}
		}
	}
}

// anyPlacement tries every side for every name: each name inside the row,
// clear of every marker, not touching another's marker, a blank from other
// names.
func anyPlacement(marks []mark, w int) bool {
	for sides := range 1 << len(marks) {
		taken := make([]rune, w) // 'm' marker, 'n' name
		for _, m := range marks {
			taken[m.lo] = 'm'
		}
		ok := true
		for i, m := range marks {
			start := m.hi + 1
			if sides&(1<<i) != 0 {
				start = m.lo - len(m.name)
			}
			end := start + len(m.name) // exclusive
			if start < 0 || end > w {
				ok = false
				break
			}
			for x := start - 1; x <= end; x++ {
				if x < 0 || x >= w {
					continue
				}
				inside := x >= start && x < end
				own := x >= m.lo && x <= m.hi
				switch {
				case inside && taken[x] != 0, !inside && taken[x] == 'n', !inside && taken[x] == 'm' && !own:
					ok = false
				}
			}
			for x := max(start, 0); x < min(end, w); x++ {
				taken[x] = 'n'
			}
		}
		if ok {
			return true
		}
	}
	return false
}
