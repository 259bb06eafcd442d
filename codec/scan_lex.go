package codec

// This file holds the scanner's lexing of scalars: literals, numbers and
// strings (with their escapes, checked eight bytes at a time), for the
// check in scan.go.

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

func (s *scanner) literal(word string) *Error {
	if len(s.data)-s.pos < len(word) || string(s.data[s.pos:s.pos+len(word)]) != word {
		return s.fail("invalid literal")
	}
	s.pos += len(word)
	return nil
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *scanner) number() *Error {
	data, i := s.data, s.pos
	if data[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
			n++
		}
		return n
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case digits() == 0:
		s.pos = i
		return s.fail("invalid number")
	}
	if i < len(data) && data[i] == '.' {
		i++
		if digits() == 0 {
			s.pos = i
			return s.fail("invalid number")
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if digits() == 0 {
			s.pos = i
			return s.fail("invalid number")
		}
	}
	s.pos = i
	return nil
}

// stringLanes flags the bytes a string scan must stop at: '"', '\\',
// controls and non-ASCII. The lowest flagged lane is always a real one.
func stringLanes(x uint64) uint64 {
	m := ((x - 0x20*lanes01) | x) & lanes80 // < 0x20 or >= 0x80
	m |= zeroLanes(x ^ '"'*lanes01)
	m |= zeroLanes(x ^ '\\'*lanes01)
	return m
}

// str reads a string starting at the opening quote and reports whether it
// holds escapes.
func (s *scanner) str() (escaped bool, err *Error) {
	data := s.data
	i := s.pos + 1
	for {
		for i+16 <= len(data) {
			mx := stringLanes(binary.LittleEndian.Uint64(data[i:]))
			my := stringLanes(binary.LittleEndian.Uint64(data[i+8:]))
			if mx|my == 0 {
				i += 16
				continue
			}
			if mx != 0 {
				i += bits.TrailingZeros64(mx) >> 3
			} else {
				i += 8 + bits.TrailingZeros64(my)>>3
			}
			break
		}
		for i < len(data) && data[i] >= 0x20 && data[i] < utf8.RuneSelf && data[i] != '"' && data[i] != '\\' {
			i++
		}
		if i >= len(data) {
			s.pos = i
			return escaped, s.fail("unterminated string")
		}
		switch c := data[i]; {
		case c == '"':
			s.pos = i + 1
			return escaped, nil
		case c == '\\':
			escaped = true
			if i+1 < len(data) {
				switch data[i+1] {
				case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
					i += 2
					continue
				}
			}
			n, ok := escapeLen(data[i:])
			if !ok {
				s.pos = i
				return escaped, s.fail("invalid escape")
			}
			i += n
		case c < 0x20:
			s.pos = i
			return escaped, s.fail("control character in string")
		case c >= 0xC2 && c < 0xE0 && i+1 < len(data) && data[i+1]&0xC0 == 0x80: // valid 2-byte sequence
			i += 2
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				s.pos = i
				return escaped, s.fail("invalid UTF-8")
			}
			i += size
		default:
			i++ // a false lane
		}
	}
}

// escapeLen checks the escape at the start of b and returns its length. A
// \u escape of a high surrogate must be followed by one of a low surrogate;
// a low surrogate alone is refused (I-JSON forbids lone surrogates).
func escapeLen(b []byte) (int, bool) {
	if len(b) < 2 {
		return 0, false
	}
	switch b[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, true
	case 'u':
		r := hex4(b[2:])
		switch {
		case r < 0:
			return 0, false
		case r >= 0xD800 && r < 0xDC00:
			if len(b) < 12 || b[6] != '\\' || b[7] != 'u' {
				return 0, false
			}
			if lo := hex4(b[8:]); lo < 0xDC00 || lo > 0xDFFF {
				return 0, false
			}
			return 12, true
		case r >= 0xDC00 && r <= 0xDFFF:
			return 0, false
		}
		return 6, true
	}
	return 0, false
}

// hex4 decodes four hex digits, or returns -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// appendUnescaped appends the text of a string body that scan accepted (the
// bytes between the quotes) to dst, resolving escapes.
func appendUnescaped(dst, raw []byte) []byte {
	for {
		i := bytes.IndexByte(raw, '\\')
		if i < 0 {
			return append(dst, raw...)
		}
		dst = append(dst, raw[:i]...)
		raw = raw[i:]
		switch c := raw[1]; c {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := hex4(raw[2:])
			if r >= 0xD800 && r < 0xDC00 {
				r = (r-0xD800)<<10 | (hex4(raw[8:]) - 0xDC00) + 0x10000
				raw = raw[6:]
			}
			dst = utf8.AppendRune(dst, r)
			raw = raw[6:]
			continue
		default: // '"', '\\', '/'
			dst = append(dst, c)
		}
		raw = raw[2:]
	}
}
