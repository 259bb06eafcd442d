package codec

import (
	"bytes"
	"strconv"
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
	s.skipSpace()
	env.object = s.pos < len(s.data) && s.data[s.pos] == '{'
	top := topMember{m: noMember} // the envelope member being read
	for {
		open, err := s.value(env, &top)
		if err != nil {
			return err
		}
		if open {
			continue // a value follows in the container just opened
		}
		end, err := s.afterValue(env, &top)
		if err != nil || end {
			return err
		}
	}
}

// topMember is the envelope member whose value is being read, and where
// that value starts.
type topMember struct {
	m     member
	start int
}

// value reads the start of a value: a container it opens (open, unless it
// is empty and so a whole value at once), or a whole scalar.
func (s *scanner) value(env *envelope, top *topMember) (open bool, err *Error) {
	data := s.data
	s.skipSpace()
	if s.pos >= len(data) {
		return false, s.fail("unexpected end of input")
	}
	switch c := data[s.pos]; c {
	case '{', '[':
		return s.openContainer(env, top, c)
	case '"':
		_, err = s.str()
	case 't':
		err = s.literal("true")
	case 'f':
		err = s.literal("false")
	case 'n':
		err = s.literal("null")
	default:
		if c == '-' || c >= '0' && c <= '9' {
			return false, s.number()
		}
		err = s.fail("invalid character " + strconv.QuoteRuneToASCII(rune(c)) + " looking for a value")
	}
	return false, err
}

// openContainer opens the object or array at s.pos (c its first byte) and,
// in an object, reads the first member's name.
func (s *scanner) openContainer(env *envelope, top *topMember, c byte) (open bool, err *Error) {
	data := s.data
	if s.depth == MaxDepth {
		return false, s.fail("nesting deeper than " + strconv.Itoa(MaxDepth))
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
		return false, nil // empty: a whole value
	}
	if c == '{' {
		return true, s.memberName(env, top)
	}
	return true, nil
}

// memberName reads a member's name and colon, noting where the value of an
// envelope member starts.
func (s *scanner) memberName(env *envelope, top *topMember) *Error {
	m, err := s.member()
	if err != nil {
		return err
	}
	if env.object && s.depth == 1 {
		top.m, top.start = m, s.pos
	}
	return nil
}

// afterValue closes containers after a value until one wants more (end
// false: a value follows) or the input ends after the top-level value
// (end true).
func (s *scanner) afterValue(env *envelope, top *topMember) (end bool, err *Error) {
	data := s.data
	for {
		if s.depth == 0 {
			s.skipSpace()
			if s.pos != len(data) {
				return true, s.fail("data after the top-level value")
			}
			return true, nil
		}
		if s.depth == 1 && top.m != noMember {
			env.members[top.m] = span{top.start, s.pos}
			top.m = noMember
		}
		s.skipSpace()
		if s.pos >= len(data) {
			return true, s.fail("unexpected end of input")
		}
		c := data[s.pos]
		open := s.stack[s.depth-1]
		switch {
		case c == ',':
			s.pos++
			if open == '{' {
				s.skipSpace()
				return false, s.memberName(env, top)
			}
			return false, nil
		case open == '{' && c == '}' || open == '[' && c == ']':
			s.pos++
			s.pop()
		case open == '{':
			return true, s.fail("invalid character " + strconv.QuoteRuneToASCII(rune(c)) + " after an object member")
		default:
			return true, s.fail("invalid character " + strconv.QuoteRuneToASCII(rune(c)) + " after an array element")
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
