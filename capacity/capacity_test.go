package capacity

import (
	"strings"
	"testing"
	"time"
)

func TestParseSLO(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"p99<50ms", "p99<50.0ms"},
		{"p99<50ms errors<0.1%", "p99<50.0ms errors<0.100 %"},
		{"errors<0.001, p50<1ms and p99.9<2s", "p50<1.00ms p99.9<2.00s errors<0.100 %"},
		{"MAX<1s", "max<1.00s"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			s, err := ParseSLO(tc.in)
			if err != nil || s.String() != tc.want {
				t.Fatalf("ParseSLO(%q) = %q, %v; want %q", tc.in, s, err, tc.want)
			}
		})
	}
	for _, tc := range []struct{ in, want string }{
		{"", "no latency bound"},
		{"errors<1%", "no latency bound"},
		{"p99", "want NAME<VALUE"},
		{"p99<=50ms", "want NAME<VALUE"},
		{"p98<50ms", `unknown term "p98"`},
		{"p99<fast", "not a positive duration"},
		{"p99<-1ms", "not a positive duration"},
		{"p99<50ms p99<60ms", "bounded twice"},
		{"p99<50ms errors<1", "a share below 100 %"},
		{"p99<50ms errors<x%", "a share below 100 %"},
	} {
		t.Run("bad "+tc.in, func(t *testing.T) {
			t.Parallel()
			if _, err := ParseSLO(tc.in); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ParseSLO(%q): %v, want an error saying %q", tc.in, err, tc.want)
			}
		})
	}
}

func TestJudge(t *testing.T) {
	t.Parallel()
	slo, _ := ParseSLO("p50<1ms p99<10ms errors<1%")
	lat := func(p50, p99 time.Duration) func(float64) time.Duration {
		return func(q float64) time.Duration {
			if q < 0.9 {
				return p50
			}
			return p99
		}
	}
	for _, tc := range []struct {
		name string
		f    Figures
		met  bool
		why  string
	}{
		{"met", Figures{Ops: 10, Latency: lat(time.Millisecond/2, 5*time.Millisecond)}, true, ""},
		{"p99", Figures{Ops: 10, Latency: lat(time.Millisecond/2, 10*time.Millisecond)}, false, "p99 10.0ms ≥ 10.0ms"},
		{"p50 first", Figures{Ops: 10, Latency: lat(2*time.Millisecond, 20*time.Millisecond)}, false, "p50 2.00ms ≥ 1.00ms"},
		{"errors", Figures{Ops: 10, ErrorRate: 0.02, Latency: lat(0, 0)}, false, "errors 2.00 % > 1.00 %"},
		{"missed", Figures{Ops: 10, Missed: 3, Latency: lat(0, 0)}, false, "3 sends missed"},
		{"nothing succeeded", Figures{Latency: lat(0, 0)}, false, "no op succeeded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			met, why := slo.Judge(tc.f)
			if met != tc.met || !strings.Contains(why, tc.why) {
				t.Fatalf("Judge = %t %q, want %t %q", met, why, tc.met, tc.why)
			}
		})
	}
}

// run plays a search against sides whose capacities are caps: a rate
// meets the SLO at or below a side's capacity, except at the rates in
// flaky, where side 1 fails once.
func run(t *testing.T, s *Search, caps [2]int, flaky map[int]bool) {
	t.Helper()
	for {
		rate, ok := s.Next()
		if !ok {
			return
		}
		for _, st := range s.Steps {
			if st.Rate == rate {
				t.Fatalf("rate %d tried twice: %+v", rate, s.Steps)
			}
		}
		met := [2]bool{rate <= caps[0], rate <= caps[1] && !flaky[rate]}
		s.Record(rate, met)
	}
}

func TestSearchFindsBothCapacities(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		start int
		caps  [2]int
	}{
		{"B three times A", 100, [2]int{1000, 3000}},
		{"A above B", 100, [2]int{50_000, 7_000}},
		{"start above both", 10_000, [2]int{300, 900}},
		{"equal", 64, [2]int{5000, 5000}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := NewSearch(tc.start)
			run(t, s, tc.caps, nil)
			if len(s.Steps) >= s.MaxSteps {
				t.Fatalf("used every step: %+v", s.Steps)
			}
			for v, c := range tc.caps {
				b := s.Side(v)
				if b.Met > c || b.Failed <= c || float64(b.Failed) > float64(b.Met)*s.Precision+1 {
					t.Fatalf("side %d (capacity %d): met %d, failed %d; steps %+v", v, c, b.Met, b.Failed, s.Steps)
				}
				if s.Steps[b.MetStep].Rate != b.Met || s.Steps[b.FailedStep].Rate != b.Failed {
					t.Fatalf("side %d: steps %d and %d do not show %d and %d", v, b.MetStep, b.FailedStep, b.Met, b.Failed)
				}
			}
		})
	}
}

// TestSearchErrsLow: a failure below a rate that met the SLO stands, so
// a noisy step can only lower a capacity, never raise it.
func TestSearchErrsLow(t *testing.T) {
	t.Parallel()
	s := NewSearch(100)
	run(t, s, [2]int{10_000, 10_000}, map[int]bool{1600: true})
	if b := s.Side(1); b.Failed != 1600 || b.Met >= 1600 {
		t.Fatalf("side 1 with a flaky 1600: met %d, failed %d", b.Met, b.Failed)
	}
	if b := s.Side(0); b.Met > 10_000 || b.Failed <= 10_000 {
		t.Fatalf("side 0: met %d, failed %d", b.Met, b.Failed)
	}
}

func TestSearchBounded(t *testing.T) {
	t.Parallel()
	s := NewSearch(1)
	s.MaxRate, s.MaxSteps = 64, 5
	run(t, s, [2]int{1 << 30, 1 << 30}, nil)
	if len(s.Steps) != 5 {
		t.Fatalf("%d steps, want the 5 allowed", len(s.Steps))
	}
	s = NewSearch(1)
	s.MaxRate = 64
	run(t, s, [2]int{1 << 30, 1 << 30}, nil)
	if b := s.Side(0); b.Met != 64 || b.Failed != 0 {
		t.Fatalf("never failing up to the most tried: met %d, failed %d", b.Met, b.Failed)
	}
}
