package units

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSafeLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, line string
	}{
		{"plain ASCII", "registry p99", "registry p99"},
		{"printable Unicode kept", "4.12µs · 3.10× — Zürich 東京 😀", "4.12µs · 3.10× — Zürich 東京 😀"},
		{"title and clear screen", "\x1b]0;pwned\x07\x1b[2Jx", "]0;pwned[2Jx"},
		{"C1 CSI and OSC", "a\u009b31mb\u009dc", "a31mbc"},
		{"DEL and NUL", "a\x7fb\x00c", "abc"},
		{"raw 8-bit CSI byte", "a\x9b2Jb", "a\uFFFD2Jb"},
		{"invalid UTF-8", "a\xff\xfeb", "a\uFFFD\uFFFDb"},
		{"U+FFFD itself kept", "a\uFFFDb", "a\uFFFDb"},
		{"bidi override and isolate", "abc\u202edcba\u2066x\u2069", "abcdcbax"},
		{"newlines and tabs", "one\ntwo\tthree\r\n", "one two three  "},
		{"carriage return overwrite", "safe\rEVIL", "safe EVIL"},
		{"vertical tab and form feed", "a\vb\fc", "a b c"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := SafeLine(tt.in); got != tt.line {
				t.Errorf("SafeLine(%q) = %q, want %q", tt.in, got, tt.line)
			}
		})
	}
}

// Whatever the input, the output holds no byte a terminal acts on and is
// valid UTF-8.
func TestSafeLineRemovesEveryControl(t *testing.T) {
	t.Parallel()
	var all strings.Builder
	for b := 0; b < 256; b++ {
		all.WriteByte(byte(b)) // every byte, alone: C0, DEL, and 0x80-0xff invalid as UTF-8
	}
	for r := rune(0x80); r < 0xa0; r++ {
		all.WriteRune(r) // C1 as UTF-8
	}
	got := SafeLine(all.String())
	if !utf8.ValidString(got) {
		t.Error("output is not valid UTF-8")
	}
	for _, r := range got {
		if unsafeRune(r) {
			t.Errorf("SafeLine let %U through", r)
		}
	}
	if !strings.Contains(got, " !\"#$%&") || !strings.Contains(got, "xyz{|}~") {
		t.Errorf("SafeLine dropped printable ASCII: %q", got)
	}
}

// The dashboard passes every label through SafeLine on every frame: text
// that needs nothing must cost no allocation.
func BenchmarkSafeLine(b *testing.B) {
	for _, bc := range []struct{ name, s string }{
		{"clean", "sharded map (64 mutex shards) · encoding/json µs"},
		{"dirty", "sharded\x1b[2J map\x07 (64 mutex shards)"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = SafeLine(bc.s)
			}
		})
	}
}

func TestSafeLineCleanDoesNotAllocate(t *testing.T) {
	s := "sharded map (64 mutex shards) · encoding/json µs"
	if n := testing.AllocsPerRun(100, func() { _ = SafeLine(s) }); n != 0 {
		t.Errorf("SafeLine of clean text allocates %v times", n)
	}
}
