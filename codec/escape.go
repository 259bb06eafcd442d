package codec

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
	"unicode/utf8"
	"unsafe"

	"github.com/mailru/easyjson/jlexer"
	"github.com/mailru/easyjson/jwriter"
)

// SWAR ("SIMD within a register") constants: a byte repeated in all eight
// lanes of a uint64.
const (
	lanes01 = 0x0101010101010101
	lanes80 = 0x8080808080808080
)

// zeroLanes flags (with 0x80) the lowest zero byte of v; lanes above it may be
// flagged falsely, lanes below it never are.
func zeroLanes(v uint64) uint64 { return (v - lanes01) &^ v & lanes80 }

// escapeLanes flags the bytes of x (8 bytes of a string, little-endian) that
// encoding/json's HTML-safe escaping does not copy as they are: controls
// below 0x20, '"', '\\', '<', '>', '&', and every byte of a multi-byte UTF-8
// sequence (those need a look for U+2028, U+2029 and invalid UTF-8). The
// lowest flagged lane is always a real one. Pairs of characters that differ
// in one bit are tested together: '"' (0x22) and '&' (0x26) both become 0x26
// with bit 2 set, '<' (0x3C) and '>' (0x3E) both 0x3E with bit 1 set.
func escapeLanes(x uint64) uint64 {
	m := ((x - 0x20*lanes01) | x) & lanes80 // < 0x20 or >= 0x80
	m |= zeroLanes((x | 0x04*lanes01) ^ 0x26*lanes01)
	m |= zeroLanes((x | 0x02*lanes01) ^ 0x3E*lanes01)
	m |= zeroLanes(x ^ '\\'*lanes01)
	return m
}

// htmlSafe[b] reports whether ASCII byte b is copied as is.
var htmlSafe = func() (t [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = b != '"' && b != '\\' && b != '<' && b != '>' && b != '&'
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// escapeLetter[b] is the letter of byte b's two-byte escape (\n for a
// newline), 0 for a byte written \u00XX; unescapeLetter maps such a letter
// back to its byte, and also reads \/, which encoding/json never writes.
var escapeLetter, unescapeLetter = func() (esc, unesc [256]byte) {
	for _, p := range [...][2]byte{{'"', '"'}, {'\\', '\\'}, {'\n', 'n'}, {'\t', 't'}, {'\r', 'r'}, {'\b', 'b'}, {'\f', 'f'}} {
		esc[p[0]], unesc[p[1]] = p[1], p[0]
	}
	unesc['/'] = '/'
	return esc, unesc
}()

// appendString appends s as a JSON string exactly as encoding/json's Marshal
// writes it (HTML-safe: <, > and & as \u003c, \u003e, \u0026; \b \f \n \r \t
// short forms; other controls as \u00XX; invalid UTF-8 as \ufffd; U+2028 and
// U+2029 escaped). jwriter.String differs in \b and \f, which is why the
// payload does not go through it; speed is not the reason (measured here,
// this is about 10% faster on plain text and level with it on escape-dense
// text, where one mispredicted branch per escape is the cost).
//
// It works in blocks sized so the output cannot overflow the buffer's spare
// capacity (an input byte becomes at most 6 output bytes), and within a
// block copies 16 bytes at a time with unaligned stores, advancing past as
// many of them as need no escaping. It only grows dst when the spare
// capacity cannot hold even one more escaped byte, so a caller that sized
// dst for the string (plus a little) gets no reallocation.
func appendString(dst []byte, s string) []byte {
	src := unsafe.Slice(unsafe.StringData(s), len(s)) // read-only view
	dst = append(dst, '"')
	for len(src) > 0 {
		room := cap(dst) - len(dst) - 16 // 16: slack for the word stores
		if room < 6 {
			dst = slices.Grow(dst, 6*min(len(src), 512)+16)
			room = cap(dst) - len(dst) - 16
		}
		n := min(len(src), room/6)
		out := dst[len(dst):cap(dst)]
		i, o := escapeBlock(out, src, n)
		dst = dst[:len(dst)+o]
		src = src[i:]
	}
	return append(dst, '"')
}

// escapeBlock escapes src into out until at least n bytes of src are
// consumed; out has room for 6*n+16 bytes. It returns the bytes consumed and
// written.
func escapeBlock(out, src []byte, n int) (i, o int) {
	for i < n {
		for i+16 <= len(src) && i < n {
			x := binary.LittleEndian.Uint64(src[i:])
			y := binary.LittleEndian.Uint64(src[i+8:])
			binary.LittleEndian.PutUint64(out[o:], x)
			binary.LittleEndian.PutUint64(out[o+8:], y)
			mx, my := escapeLanes(x), escapeLanes(y)
			if mx|my == 0 {
				i += 16
				o += 16
				continue
			}
			k := 8 + bits.TrailingZeros64(my)>>3
			if mx != 0 {
				k = bits.TrailingZeros64(mx) >> 3
			}
			i += k
			o += k
			break
		}
		if i >= n {
			break
		}
		c := src[i]
		if c < utf8.RuneSelf {
			if htmlSafe[c] {
				out[o] = c
				i++
				o++
				continue
			}
			out[o] = '\\'
			if e := escapeLetter[c]; e != 0 {
				out[o+1] = e
				o += 2
			} else {
				out[o+1], out[o+2], out[o+3], out[o+4], out[o+5] = 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF]
				o += 6
			}
			i++
			continue
		}
		if c >= 0xC2 && c < 0xE0 && i+1 < len(src) && src[i+1]&0xC0 == 0x80 { // valid 2-byte sequence
			out[o], out[o+1] = c, src[i+1]
			i += 2
			o += 2
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			o += copy(out[o:], `\ufffd`)
		case r == '\u2028' || r == '\u2029':
			o += copy(out[o:], `\u202`)
			out[o] = hexDigits[r&0xF]
			o++
		default:
			o += copy(out[o:], src[i:i+size])
		}
		i += size
	}
	return i, o
}

// writeString writes s through w the way appendString does. It appends to
// w's current chunk directly; if the chunk is too small Go's append moves it,
// which the writer tolerates (it only pools chunks it allocated itself).
func writeString(w *jwriter.Writer, s string) {
	w.Buffer.Buf = appendString(w.Buffer.Buf, s)
}

// MarshalEasyJSON writes the content block, escaping its strings in bulk.
func (c Content) MarshalEasyJSON(w *jwriter.Writer) {
	w.RawString(`{"type":`)
	writeString(w, c.Type)
	w.RawString(`,"text":`)
	writeString(w, c.Text)
	w.RawByte('}')
}

// UnmarshalEasyJSON reads a content block, unescaping its strings in bulk.
// They alias the lexer's input when they hold no escapes.
func (c *Content) UnmarshalEasyJSON(l *jlexer.Lexer) {
	*c = Content{}
	readObject(l, func(key string) bool {
		switch key {
		case "type":
			readString(l, &c.Type)
		case "text":
			readString(l, &c.Text)
		default:
			return false
		}
		return true
	})
}

// MarshalEasyJSON writes the arguments, escaping the text in bulk.
func (a Arguments) MarshalEasyJSON(w *jwriter.Writer) {
	w.RawString(`{"text":`)
	writeString(w, a.Text)
	w.RawByte('}')
}

// UnmarshalEasyJSON reads the arguments, unescaping the text in bulk. It
// aliases the lexer's input when it holds no escapes.
func (a *Arguments) UnmarshalEasyJSON(l *jlexer.Lexer) {
	*a = Arguments{}
	readObject(l, func(key string) bool {
		if key != "text" {
			return false
		}
		readString(l, &a.Text)
		return true
	})
}

// readObject walks a JSON object (null reads as empty), calling member for
// each member's name with the lexer at its value; members it does not read
// (it returns false) are skipped.
func readObject(l *jlexer.Lexer, member func(key string) bool) {
	if l.IsNull() {
		l.Skip()
		return
	}
	l.Delim('{')
	for !l.IsDelim('}') {
		key := l.UnsafeFieldName(false)
		l.WantColon()
		if !member(key) {
			l.SkipRecursive()
		}
		l.WantComma()
	}
	l.Delim('}')
}

// readString reads a string member into dst the way generated code does
// (null leaves dst alone, another type is an error), but unescapes it with
// unescape rather than the lexer's escape-by-escape appends.
func readString(l *jlexer.Lexer, dst *string) {
	if l.IsNull() {
		l.Skip()
		return
	}
	raw := l.UnsafeFieldName(true) // the string's bytes between the quotes, escapes kept
	if !l.Ok() {
		return
	}
	s, ok := unescape(unsafe.Slice(unsafe.StringData(raw), len(raw)))
	if !ok {
		l.AddError(&jlexer.LexerError{Reason: "invalid escape in string", Data: raw})
		return
	}
	*dst = s
}

// unescape returns the text of a JSON string body: raw itself when it holds
// no escapes, else a new string. Between escapes it copies 8 bytes at a time
// with one store (the output never outgrows the input, so the stores stay
// inside a buffer as long as raw). It reports false for a malformed escape;
// scan has refused those before the codec decodes, and an escaped lone
// surrogate (which scan also refuses) becomes U+FFFD as in encoding/json.
func unescape(raw []byte) (string, bool) {
	i := bytes.IndexByte(raw, '\\')
	if i < 0 {
		return unsafe.String(unsafe.SliceData(raw), len(raw)), true
	}
	out := make([]byte, len(raw))
	o := copy(out, raw[:i])
	for i < len(raw) {
		// raw[i] is a backslash.
		if i+1 >= len(raw) {
			return "", false
		}
		switch c := raw[i+1]; {
		case unescapeLetter[c] != 0:
			out[o] = unescapeLetter[c]
		case c == 'u':
			r := hex4(raw[i+2:])
			if r < 0 {
				return "", false
			}
			i += 6
			if r >= 0xD800 && r < 0xE000 {
				lo := rune(-1)
				if r < 0xDC00 && i+1 < len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
					lo = hex4(raw[i+2:])
				}
				if lo >= 0xDC00 && lo < 0xE000 {
					r = (r-0xD800)<<10 | (lo - 0xDC00) + 0x10000
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			o += utf8.EncodeRune(out[o:], r)
			o--
			i -= 2
		default:
			return "", false
		}
		i += 2
		o++
		// Copy up to the next backslash.
		for i+8 <= len(raw) {
			x := binary.LittleEndian.Uint64(raw[i:])
			binary.LittleEndian.PutUint64(out[o:], x)
			if m := zeroLanes(x ^ '\\'*lanes01); m != 0 {
				k := bits.TrailingZeros64(m) >> 3
				i += k
				o += k
				break
			}
			i += 8
			o += 8
		}
		for i < len(raw) && raw[i] != '\\' {
			out[o] = raw[i]
			i++
			o++
		}
	}
	return unsafe.String(unsafe.SliceData(out), o), true
}
