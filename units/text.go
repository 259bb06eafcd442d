package units

import (
	"strings"
	"unicode/utf8"
)

// SafeLine returns s fit to print on one line of a terminal: control
// characters (C0, DEL, C1: ESC, BEL, CSI, …) and bidirectional embeddings,
// overrides and isolates are removed, bytes that are not UTF-8 become
// U+FFFD, and tabs, newlines, carriage returns, vertical tabs and form
// feeds become spaces. Every other character, printable Unicode included,
// is kept. When s needs no change it is returned as it is, without
// allocating.
func SafeLine(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			break
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unsafeRune(r) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] { // an invalid byte comes as utf8.RuneError
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f':
			b.WriteByte(' ')
		case unsafeRune(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unsafeRune reports whether a terminal may act on r rather than show it:
// a C0 or C1 control, DEL, or a bidirectional control that reorders what
// follows it (U+202A–U+202E, U+2066–U+2069).
func unsafeRune(r rune) bool {
	return r < 0x20 || r >= 0x7f && r < 0xa0 || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}
