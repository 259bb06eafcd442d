package tui

import (
	"math"
	"testing"
	"time"
)

func TestFormatDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0ns"},
		{812, "812ns"},
		{999, "999ns"},
		{4100, "4.1µs"},
		{42_340, "42.3µs"},
		{99_960, "100µs"},
		{423_000, "423µs"},
		{2_300_000, "2.3ms"},
		{1_250_000_000, "1.2s"},
		{-812, "-812ns"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			if got := FormatDuration(tt.in); got != tt.want {
				t.Errorf("FormatDuration(%d) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSIAndRates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"zero", SI(0), "0"},
		{"small", SI(812), "812"},
		{"rounds up into k", SI(999.7), "1.00k"},
		{"kilo", SI(4123), "4.12k"},
		{"tens of kilo", SI(42_300), "42.3k"},
		{"mega", SI(1_240_000), "1.24M"},
		{"giga", SI(3.5e9), "3.50G"},
		{"negative", SI(-1500), "-1.50k"},
		{"NaN", SI(math.NaN()), "—"},
		{"rate", FormatRate(1.24e6, "ops/s"), "1.24M ops/s"},
		{"bare rate", FormatRate(812, ""), "812"},
		{"bytes/s", FormatBytesRate(12.3e6), "12.3 MB/s"},
		{"small bytes/s", FormatBytesRate(12), "12 B/s"},
		{"bytes", FormatBytes(48), "48 B"},
		{"kilobytes", FormatBytes(1500), "1.50 kB"},
		{"ratio", FormatRatio(3.0712), "3.07×"},
		{"small ratio", FormatRatio(0.3141), "0.31×"},
		{"ratio above 10", FormatRatio(16.77), "16.8×"},
		{"ratio above 100", FormatRatio(123.6), "124×"},
		{"infinite ratio", FormatRatio(math.Inf(1)), "—"},
		{"elapsed", FormatElapsed(83 * time.Second), "1:23"},
		{"elapsed zero", FormatElapsed(0), "0:00"},
		{"elapsed hours", FormatElapsed(3*time.Hour + 4*time.Minute + 5*time.Second), "3:04:05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
