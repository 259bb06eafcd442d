package codec

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strconv"
	"unicode/utf8"
)

// This file is the check both codecs run on every message before decoding
// it, so that they accept exactly the same inputs: RFC 8259 JSON, restricted
// as I-JSON (RFC 7493) asks — valid UTF-8, no escaped lone surrogates, no
// duplicate member names — plus mcptop's size and depth limits. While it
// walks the message it notes where the envelope's members (jsonrpc, id,
// method, params, result, error) lie, which the optimised codec decodes from
// without a second pass over the envelope.

// member names an envelope member.
type member uint8

const (
	memJSONRPC member = iota
	memID
	memMethod
	memParams
	memResult
	memError
	memCount
)

var memberNames = [memCount]string{"jsonrpc", "id", "method", "params", "result", "error"}

// span is a value's bytes, data[start:end]; end == 0 means absent.
type span struct{ start, end int }

// envelope is what scan learnt about the top level of a message.
type envelope struct {
	object  bool           // the top-level value is an object
	members [memCount]span // where each envelope member's value lies
}

func (e *envelope) has(m member) bool { return e.members[m].end > 0 }

func (e *envelope) raw(data []byte, m member) []byte {
	s := e.members[m]
	return data[s.start:s.end]
}

// isNull reports whether member m is present with the value null.
func (e *envelope) isNull(data []byte, m member) bool {
	return e.has(m) && data[e.members[m].start] == 'n'
}

// keyRef locates an object member name (the bytes between its quotes).
type keyRef struct {
	start, end int32
	escaped    bool
}

const (
	maxKeys      = 128 // member names remembered across open objects
	linearKeys   = 16  // above this many members an object checks duplicates with a map
	noMember     = member(memCount)
	errorContext = 16
)

// scanner is scan's state; it lives on scan's stack.
type scanner struct {
	data    []byte
	pos     int
	depth   int
	stack   [MaxDepth]byte  // '{' or '[' per open container
	keyBase [MaxDepth]int32 // index in keys of the open object's first name
	keyMap  [MaxDepth]map[string]struct{}
	nkeys   int
	keys    [maxKeys]keyRef
}

// scan checks data and fills env. It returns a *Error with CodeParseError
// for anything that is not acceptable JSON, and CodeInvalidRequest for a
// message larger than MaxMessageSize.
func scan(data []byte, env *envelope) *Error {
	if len(data) > MaxMessageSize {
		return &Error{Code: CodeInvalidRequest, Message: "invalid request: message exceeds " + strconv.Itoa(MaxMessageSize) + " bytes"}
	}
	*env = envelope{}
	var s scanner
	s.data = data
	return s.run(env)
}

func (s *scanner) fail(what string) *Error {
	ctx := ""
	if s.pos < len(s.data) {
		end := min(len(s.data), s.pos+errorContext)
		ctx = " near " + strconv.QuoteToASCII(string(s.data[s.pos:end]))
	}
	return &Error{Code: CodeParseError, Message: "parse error: " + what + " at offset " + strconv.Itoa(s.pos) + ctx}
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *scanner) run(env *envelope) *Error {
	data := s.data
	s.skipSpace()
	env.object = s.pos < len(data) && data[s.pos] == '{'
	cur, curStart := noMember, 0 // the envelope member being read
	for {
		// A value starts here.
		s.skipSpace()
		if s.pos >= len(data) {
			return s.fail("unexpected end of input")
		}
		switch c := data[s.pos]; c {
		case '{', '[':
			if s.depth == MaxDepth {
				return s.fail("nesting deeper than " + strconv.Itoa(MaxDepth))
			}
			s.stack[s.depth] = c
			if c == '{' {
				s.keyBase[s.depth] = int32(s.nkeys)
			}
			s.depth++
			s.pos++
			s.skipSpace()
			if s.pos < len(data) && (data[s.pos] == '}' && c == '{' || data[s.pos] == ']' && c == '[') {
				s.pos++
				s.pop()
				break // to the end of a value
			}
			if c == '{' {
				m, err := s.member()
				if err != nil {
					return err
				}
				if env.object && s.depth == 1 {
					cur, curStart = m, s.pos
				}
			}
			continue // a value follows
		case '"':
			if _, err := s.str(); err != nil {
				return err
			}
		case 't':
			if err := s.literal("true"); err != nil {
				return err
			}
		case 'f':
			if err := s.literal("false"); err != nil {
				return err
			}
		case 'n':
			if err := s.literal("null"); err != nil {
				return err
			}
		default:
			if c == '-' || c >= '0' && c <= '9' {
				if err := s.number(); err != nil {
					return err
				}
				break
			}
			return s.fail("invalid character " + strconv.QuoteRuneToASCII(rune(c)) + " looking for a value")
		}
		// A value ended here: close containers until one wants more.
		for {
			if s.depth == 0 {
				s.skipSpace()
				if s.pos != len(data) {
					return s.fail("data after the top-level value")
				}
				return nil
			}
			if s.depth == 1 && cur != noMember {
				env.members[cur] = span{curStart, s.pos}
				cur = noMember
			}
			s.skipSpace()
			if s.pos >= len(data) {
				return s.fail("unexpected end of input")
			}
			c := data[s.pos]
			open := s.stack[s.depth-1]
			if c == ',' {
				s.pos++
				if open == '{' {
					s.skipSpace()
					m, err := s.member()
					if err != nil {
						return err
					}
					if env.object && s.depth == 1 {
						cur, curStart = m, s.pos
					}
				}
				break // a value follows
			}
			if open == '{' && c == '}' || open == '[' && c == ']' {
				s.pos++
				s.pop()
				continue
			}
			if open == '{' {
				return s.fail("invalid character " + strconv.QuoteRuneToASCII(rune(c)) + " after an object member")
			}
			return s.fail("invalid character " + strconv.QuoteRuneToASCII(rune(c)) + " after an array element")
		}
	}
}

// pop closes the innermost container, forgetting an object's member names.
func (s *scanner) pop() {
	s.depth--
	if s.stack[s.depth] == '{' {
		s.nkeys = int(s.keyBase[s.depth])
		s.keyMap[s.depth] = nil
	}
}

// member reads `"name" :` (and the space after it), checks the name is not a
// duplicate in the open object, and returns which envelope member it names
// when the open object is the top level.
func (s *scanner) member() (member, *Error) {
	data := s.data
	if s.pos >= len(data) || data[s.pos] != '"' {
		return noMember, s.fail("expected a member name")
	}
	start := s.pos + 1
	escaped, err := s.str()
	if err != nil {
		return noMember, err
	}
	k := keyRef{start: int32(start), end: int32(s.pos - 1), escaped: escaped}
	if err := s.addKey(k); err != nil {
		return noMember, err
	}
	s.skipSpace()
	if s.pos >= len(data) || data[s.pos] != ':' {
		return noMember, s.fail("expected ':' after a member name")
	}
	s.pos++
	s.skipSpace()
	if s.depth != 1 {
		return noMember, nil
	}
	name := data[k.start:k.end]
	var buf [16]byte
	if escaped {
		name = appendUnescaped(buf[:0], name)
	}
	for m, n := range memberNames {
		if string(name) == n {
			return member(m), nil
		}
	}
	return noMember, nil
}

// addKey records a member name of the innermost object, failing on a
// duplicate. Small objects compare names linearly; an object with more than
// linearKeys members (or once the shared list is full) moves to a map.
func (s *scanner) addKey(k keyRef) *Error {
	d := s.depth - 1
	if m := s.keyMap[d]; m != nil {
		return s.addMapped(m, k)
	}
	base := int(s.keyBase[d])
	for i := base; i < s.nkeys; i++ {
		if s.sameKey(s.keys[i], k) {
			return s.duplicate(k)
		}
	}
	if s.nkeys-base < linearKeys && s.nkeys < maxKeys {
		s.keys[s.nkeys] = k
		s.nkeys++
		return nil
	}
	m := make(map[string]struct{}, 2*linearKeys)
	for i := base; i < s.nkeys; i++ {
		m[string(s.keyBytes(nil, s.keys[i]))] = struct{}{}
	}
	s.nkeys = base
	s.keyMap[d] = m
	return s.addMapped(m, k)
}

func (s *scanner) addMapped(m map[string]struct{}, k keyRef) *Error {
	name := string(s.keyBytes(nil, k))
	if _, dup := m[name]; dup {
		return s.duplicate(k)
	}
	m[name] = struct{}{}
	return nil
}

func (s *scanner) duplicate(k keyRef) *Error {
	s.pos = int(k.start) - 1
	return s.fail("duplicate member name")
}

// keyBytes appends k's unescaped name to dst (or returns the input bytes).
func (s *scanner) keyBytes(dst []byte, k keyRef) []byte {
	raw := s.data[k.start:k.end]
	if !k.escaped {
		return raw
	}
	return appendUnescaped(dst, raw)
}

func (s *scanner) sameKey(a, b keyRef) bool {
	if !a.escaped && !b.escaped {
		return bytes.Equal(s.data[a.start:a.end], s.data[b.start:b.end])
	}
	var ab, bb [32]byte
	return bytes.Equal(s.keyBytes(ab[:0], a), s.keyBytes(bb[:0], b))
}

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
