package codec

import (
	"fmt"
	"slices"

	"github.com/mailru/easyjson/buffer"
	"github.com/mailru/easyjson/jlexer"
	"github.com/mailru/easyjson/jwriter"
)

// Easy is the optimised codec: easyjson-generated code for the typed MCP
// params and results, decoded in one pass from where scan found them, with
// strings aliasing the input (easyjson's nocopy), and encoders that write
// through a jwriter straight into the caller's buffer.
type Easy struct{}

var _ Codec = Easy{}

// Name returns "easyjson".
func (Easy) Name() string { return "easyjson" }

// DecodeRequest decodes a request or notification into req.
func (Easy) DecodeRequest(data []byte, req *Request) error { return decodeRequest(data, req, easyInto) }

// DecodeResponse decodes the response to a request for method into resp.
func (Easy) DecodeResponse(data []byte, method string, resp *Response) error {
	return decodeResponse(data, method, resp, easyInto)
}

// easyInto decodes raw into v with v's easyjson-generated decoder. The
// methods are called on the concrete types, not through
// easyjson.Unmarshaler, so that the lexer stays on the stack.
func easyInto(raw []byte, v any) bool {
	l := jlexer.Lexer{Data: raw}
	switch v := v.(type) {
	case *CallToolParams:
		v.UnmarshalEasyJSON(&l)
	case *InitializeParams:
		v.UnmarshalEasyJSON(&l)
	case *ListToolsParams:
		v.UnmarshalEasyJSON(&l)
	case *CallToolResult:
		v.UnmarshalEasyJSON(&l)
	case *InitializeResult:
		v.UnmarshalEasyJSON(&l)
	case *ListToolsResult:
		v.UnmarshalEasyJSON(&l)
	default:
		return false
	}
	return l.Error() == nil
}

// resetResponse zeroes resp but keeps its slices' capacity.
func resetResponse(resp *Response) {
	content, tools := resp.CallTool.Content[:0], resp.ListTools.Tools[:0]
	*resp = Response{}
	resp.CallTool.Content, resp.ListTools.Tools = content, tools
}

// isString reports whether envelope member m is a string.
func isString(data []byte, env *envelope, m member) bool {
	return env.has(m) && data[env.members[m].start] == '"'
}

// stringValue returns the text of string member m. It aliases data unless
// the string holds escapes.
func stringValue(data []byte, env *envelope, m member) []byte {
	raw := env.raw(data, m)
	raw = raw[1 : len(raw)-1]
	if slices.Contains(raw, '\\') {
		return appendUnescaped(nil, raw)
	}
	return raw
}

// readID reads the id member into id and returns the error to report if it
// is missing or malformed (a request may omit it; only a response may carry
// null). id is left absent unless the member is well formed.
func readID(data []byte, env *envelope, id *ID, response bool) *Error {
	bad := errRequestID
	if response {
		bad = errResponseID
	}
	if !env.has(memID) {
		if response {
			return errResponseNoID
		}
		return nil
	}
	raw := env.raw(data, memID)
	switch c := raw[0]; {
	case c == '"':
		*id = ID{Kind: IDString, Str: string(stringValue(data, env, memID))}
	case c == '-' || c >= '0' && c <= '9':
		n, ok := parseInt(raw)
		if !ok {
			return bad
		}
		*id = ID{Kind: IDInt, Int: n}
	case c == 'n' && response:
		*id = ID{Kind: IDNull}
	default:
		return bad
	}
	return nil
}

// readErrorObject reads a JSON-RPC error object that scan accepted.
func readErrorObject(raw []byte) (*Error, bool) {
	var e Error
	var hasCode, hasMessage bool
	ok := forMembers(raw, func(name, value []byte) {
		switch string(name) {
		case "code":
			n, isInt := parseInt(value)
			hasCode = isInt && int64(int(n)) == n
			e.Code = int(n)
		case "message":
			hasMessage = value[0] == '"'
			if hasMessage {
				e.Message = string(appendUnescaped(nil, value[1:len(value)-1]))
			}
		}
	})
	if !ok || !hasCode || !hasMessage {
		return nil, false
	}
	return &e, true
}

// forMembers calls f with each member of the object raw, which scan
// accepted (so no duplicates), with the name unescaped. It returns false
// if raw is not an object.
func forMembers(raw []byte, f func(name, value []byte)) bool {
	if raw[0] != '{' {
		return false
	}
	s := scanner{data: raw, pos: 1}
	s.skipSpace()
	for s.pos < len(raw) && raw[s.pos] == '"' {
		start := s.pos
		escaped, _ := s.str()
		name := raw[start+1 : s.pos-1]
		if escaped {
			name = appendUnescaped(nil, name)
		}
		s.skipSpace()
		s.pos++ // ':'
		s.skipSpace()
		vStart := s.pos
		s.skipValue()
		f(name, raw[vStart:s.pos])
		s.skipSpace()
		if s.pos < len(raw) && raw[s.pos] == ',' {
			s.pos++
			s.skipSpace()
		}
	}
	return true
}

// skipValue moves past one value that scan accepted.
func (s *scanner) skipValue() {
	depth := 0
	for {
		switch c := s.data[s.pos]; c {
		case '"':
			_, _ = s.str()
		case '{', '[':
			depth++
			s.pos++
		case '}', ']':
			depth--
			s.pos++
		case ' ', '\t', '\n', '\r', ',', ':':
			s.pos++
			continue
		default:
			for s.pos < len(s.data) && !bytesEnd(s.data[s.pos]) {
				s.pos++
			}
		}
		if depth == 0 {
			return
		}
	}
}

func bytesEnd(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', ',', ':', '}', ']':
		return true
	}
	return false
}

// AppendRequest appends req's encoding to dst.
func (Easy) AppendRequest(dst []byte, req *Request) ([]byte, error) {
	if err := checkRequest(req); err != nil {
		return dst, err
	}
	var jw jwriter.Writer
	w := &jw
	initWriter(w, dst, 64+6*(len(req.ID.Str)+len(req.Method))+requestHint(req))
	w.RawString(`{"jsonrpc":"2.0"`)
	if req.ID.Kind != IDNone {
		w.RawString(`,"id":`)
		writeID(w, req.ID)
	}
	w.RawString(`,"method":`)
	writeString(w, req.Method)
	switch req.Params {
	case ParamsNull:
		w.RawString(`,"params":null`)
	case ParamsArray:
		w.RawString(`,"params":[]`)
	case ParamsObject:
		w.RawString(`,"params":`)
		switch req.Method {
		case MethodCallTool:
			req.CallTool.MarshalEasyJSON(w)
		case MethodInitialize:
			req.Initialize.MarshalEasyJSON(w)
		case MethodListTools:
			req.ListTools.MarshalEasyJSON(w)
		default:
			w.RawString(`{}`)
		}
	}
	w.RawByte('}')
	return finish(w)
}

// AppendResponse appends resp's encoding to dst.
func (Easy) AppendResponse(dst []byte, resp *Response) ([]byte, error) {
	if err := checkResponse(resp); err != nil {
		return dst, err
	}
	var jw jwriter.Writer
	w := &jw
	initWriter(w, dst, 64+6*len(resp.ID.Str)+responseHint(resp))
	w.RawString(`{"jsonrpc":"2.0","id":`)
	writeID(w, resp.ID)
	if resp.Error != nil {
		w.RawString(`,"error":{"code":`)
		w.Int(resp.Error.Code)
		w.RawString(`,"message":`)
		writeString(w, resp.Error.Message)
		w.RawString(`}}`)
		return finish(w)
	}
	w.RawString(`,"result":`)
	switch resp.Result {
	case ResultCallTool:
		resp.CallTool.MarshalEasyJSON(w)
	case ResultInitialize:
		resp.Initialize.MarshalEasyJSON(w)
	case ResultListTools:
		resp.ListTools.MarshalEasyJSON(w)
	default:
		w.RawString(`{}`)
	}
	w.RawByte('}')
	return finish(w)
}

func writeID(w *jwriter.Writer, id ID) {
	switch id.Kind {
	case IDInt:
		w.Int64(id.Int)
	case IDString:
		writeString(w, id.Str)
	default:
		w.RawString("null")
	}
}

// initWriter makes w write after dst's contents, into dst's array when it
// has room for hint more bytes (else into a bigger one).
//
// This is what makes easyjson encode faster than encoding/json at all. Left
// to itself (easyjson.Marshal) a jwriter starts with a 128-byte chunk,
// allocates each next chunk twice as big (up to 32 KiB; only chunks of 512 B
// and more come back from its pool), and BuildBytes then allocates one more
// slice and copies every chunk into it; encoding/json instead reuses a
// pooled buffer and copies once. For a payload-sized message the saved
// reflection is small next to escaping the payload, so stock easyjson ends up
// level with encoding/json (0.6x at 1 KiB, 1.2x at 100 KiB measured here;
// BenchmarkEncodeSteps). Writing into the caller's reused buffer removes the
// allocations and the copy.
//
// The writer must never hand the caller's array to easyjson's chunk pool,
// which it does to chunks it spills from when their capacity is exactly one
// of the pool's sizes (powers of two from 512 to 32768): the capacity is
// therefore never left a power of two, and hint over-estimates everything
// but bulk-escaped strings (which grow by append, moving off dst's array
// before the writer can spill it).
func initWriter(w *jwriter.Writer, dst []byte, hint int) {
	buf := slices.Grow(dst, hint)
	if c := cap(buf); c&(c-1) == 0 {
		buf = buf[: len(buf) : c-1]
	}
	w.Buffer = buffer.Buffer{Buf: buf}
}

// finish returns what w wrote: its buffer itself when it did not spill into
// more chunks (the usual case), or one copy of all of them.
func finish(w *jwriter.Writer) ([]byte, error) {
	if w.Error != nil {
		return nil, fmt.Errorf("codec: easyjson: %w", w.Error)
	}
	if w.Buffer.Size() == len(w.Buffer.Buf) {
		return w.Buffer.Buf, nil
	}
	return w.BuildBytes()
}

// stringHint is room for s escaped: 6 bytes a byte when the writer escapes
// it byte by byte (it may then spill), 1/8 over its length when it goes
// through appendString (which may grow the buffer, safely).
func stringHint(s string, bulk bool) int {
	if bulk {
		return len(s) + len(s)/8 + 2
	}
	return 6*len(s) + 2
}

func requestHint(req *Request) int {
	if req.Params != ParamsObject {
		return 16
	}
	switch req.Method {
	case MethodCallTool:
		return 64 + stringHint(req.CallTool.Name, false) + stringHint(req.CallTool.Arguments.Text, true)
	case MethodInitialize:
		p := &req.Initialize
		return 160 + stringHint(p.ProtocolVersion, false) + stringHint(p.ClientInfo.Name, false) + stringHint(p.ClientInfo.Version, false)
	case MethodListTools:
		return 32 + stringHint(req.ListTools.Cursor, false)
	}
	return 16
}

func responseHint(resp *Response) int {
	if resp.Error != nil {
		return 64 + stringHint(resp.Error.Message, true)
	}
	switch resp.Result {
	case ResultCallTool:
		n := 64
		for _, c := range resp.CallTool.Content {
			n += 32 + stringHint(c.Type, true) + stringHint(c.Text, true)
		}
		return n
	case ResultInitialize:
		r := &resp.Initialize
		return 160 + stringHint(r.ProtocolVersion, false) + stringHint(r.ServerInfo.Name, false) +
			stringHint(r.ServerInfo.Version, false) + stringHint(r.Instructions, false)
	case ResultListTools:
		n := 64 + stringHint(resp.ListTools.NextCursor, false)
		for _, t := range resp.ListTools.Tools {
			n += 64 + stringHint(t.Name, false) + stringHint(t.Description, false) + len(t.InputSchema)
		}
		return n
	}
	return 16
}
