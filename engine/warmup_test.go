package engine

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// TestWarmupCount: Config.Warmup is a plain count of warm-up seconds, 0
// meaning none (there is no hidden default), and a negative count is refused.
func TestWarmupCount(t *testing.T) {
	for _, warm := range []int{0, 2} {
		t.Run(map[int]string{0: "zero means none", 2: "two seconds"}[warm], func(t *testing.T) {
			var n atomic.Int64
			cfg := fastConfig(counting("a", &n, nil, nil))
			cfg.Warmup = warm
			r, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var marks []bool
			for _, u := range collect(t, r.Start(ctx), 4, 10*time.Second) {
				if u.Tick {
					marks = append(marks, u.Samples[0].Warmup)
				}
			}
			r.Stop()
			for i, m := range marks {
				if want := i < warm; m != want {
					t.Fatalf("second %d: warm-up %v, want %v (marks %v)", i+1, m, want, marks)
				}
			}
		})
	}
	t.Run("negative refused", func(t *testing.T) {
		cfg := fastConfig(spinWorkload("s", [2]int{1, 1}))
		cfg.Warmup = -1
		if _, err := New(cfg); err == nil {
			t.Fatal("New accepted Warmup -1")
		}
	})
}

// TestWarmupIsMeasuredTime: warm-up lasts Warmup ticks of measured time, not
// Warmup closed seconds, so a second that runs long (both variants' turns
// of long slices, as a pipeline's lengthened slices make) does not stretch
// it. Here a second holds two 20 ms turns, 40 ms, and warm-up is 3 × 20 ms:
// the seconds starting at 0 and 40 ms are warm-up, the one at 80 ms is not.
func TestWarmupIsMeasuredTime(t *testing.T) {
	var n atomic.Int64
	cfg := fastConfig(counting("long-seconds", &n, nil, nil))
	cfg.Tick, cfg.Slice, cfg.Warmup = 20*time.Millisecond, 20*time.Millisecond, 3
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var marks []bool
	for _, u := range collect(t, r.Start(context.Background()), 5, 10*time.Second) {
		if u.Tick {
			marks = append(marks, u.Samples[0].Warmup)
		}
	}
	r.Stop()
	for i, m := range marks {
		if want := i < 2; m != want {
			t.Fatalf("second %d: warm-up %v, want %v (marks %v)", i+1, m, want, marks)
		}
	}
}
