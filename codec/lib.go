package codec

import (
	"bytes"
	"encoding/json"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// Lib is a codec built on a general-purpose JSON library: the library's
// Unmarshal decodes a method's params or result into the typed structs
// (CallToolParams, CallToolResult, ...) and its Marshal encodes messages
// from them, the envelope as Std writes it. What a message means, and what
// is refused, is decided as for every codec: scan first, the envelope and
// the rules of rules.go from where scan found the members (typed.go), so a
// Lib codec differs from the others only in how the typed values are read
// and written.
//
// encoding/json, and the libraries compatible with it, match member names
// case-insensitively when they decode into a struct, where the other
// codecs (and the MCP schema) match exactly. A Lib codec that folds case
// therefore looks, before decoding, for a member whose name differs from a
// typed one only in case; in the rare message that has one, that object is
// decoded the way Std decodes it, so that it means the same for every codec.
type Lib struct {
	name      string
	unmarshal func([]byte, any) error
	marshal   marshaller
	folds     bool // Unmarshal matches member names case-insensitively
}

var _ Codec = (*Lib)(nil)

// Typed is encoding/json decoding into and encoding from the typed structs:
// what a Go programmer writes once the messages have types.
func Typed() *Lib {
	return &Lib{name: "encoding/json (typed)", unmarshal: json.Unmarshal,
		marshal: marshaller{name: "encoding/json", marshal: json.Marshal}, folds: true}
}

// JSONv2 is github.com/go-json-experiment/json, the proposed encoding/json
// v2 (in the standard library behind GOEXPERIMENT=jsonv2). It decodes with
// its defaults, which match member names exactly. It encodes with the
// options that make it write what encoding/json writes (<, >, &, U+2028
// and U+2029 escaped; invalid UTF-8 replaced; nil slices and maps as null;
// false and other empty values tagged omitempty left out), so that every
// codec moves the same bytes. It was chosen over
// github.com/goccy/go-json, github.com/segmentio/encoding/json and
// github.com/bytedance/sonic by measurement (see the package comment).
func JSONv2() *Lib {
	return &Lib{name: "json v2 (go-json-experiment)",
		unmarshal: func(data []byte, v any) error { return jsonv2.Unmarshal(data, v) },
		marshal:   marshaller{name: "json v2", marshal: marshalV2}}
}

// v2Compatible are JSONv2's encoding options.
var v2Compatible = jsonv2.JoinOptions(jsontext.EscapeForHTML(true), jsontext.EscapeForJS(true),
	jsontext.AllowInvalidUTF8(true), jsonv2.FormatNilSliceAsNull(true), jsonv2.FormatNilMapAsNull(true),
	jsonv1.OmitEmptyWithLegacySemantics(true))

func marshalV2(v any) ([]byte, error) { return jsonv2.Marshal(v, v2Compatible) }

// Name returns the codec's label.
func (c *Lib) Name() string { return c.name }

// DecodeRequest decodes a request or notification into req.
func (c *Lib) DecodeRequest(data []byte, req *Request) error {
	return decodeRequest(data, req, c.into)
}

// DecodeResponse decodes the response to a request for method into resp.
func (c *Lib) DecodeResponse(data []byte, method string, resp *Response) error {
	return decodeResponse(data, method, resp, c.into)
}

// AppendRequest appends req's encoding to dst.
func (c *Lib) AppendRequest(dst []byte, req *Request) ([]byte, error) {
	return appendRequest(dst, req, c.marshal, true)
}

// AppendResponse appends resp's encoding to dst.
func (c *Lib) AppendResponse(dst []byte, resp *Response) ([]byte, error) {
	return appendResponse(dst, resp, c.marshal)
}

// into decodes raw into v with the library, or as Std does when a member
// name differs from a typed one only in case and the library would fold it.
func (c *Lib) into(raw []byte, v any) bool {
	sh := shapeOf(v)
	if c.folds && folded(raw, sh) {
		return stdInto(raw, v)
	}
	// A library decoding into a slice that still has room may keep what
	// the elements held before; clear them, as the other codecs start
	// from empty elements.
	switch v := v.(type) {
	case *CallToolResult:
		clear(v.Content[:cap(v.Content)])
	case *ListToolsResult:
		clear(v.Tools[:cap(v.Tools)])
	}
	if c.unmarshal(raw, v) != nil {
		return false
	}
	// A raw member that is null is absent, as for any typed member;
	// json.RawMessage would keep the word.
	if lt, ok := v.(*ListToolsResult); ok {
		for i := range lt.Tools {
			if string(lt.Tools[i].InputSchema) == "null" {
				lt.Tools[i].InputSchema = nil
			}
		}
	}
	return true
}

// shape is the member names of a typed object, each with the shape of the
// typed object it holds (or of the elements of the array it holds), nil
// for a member that holds no typed object.
type shape map[string]shape

var (
	implementationShape = shape{"name": nil, "version": nil}
	callToolParamsShape = shape{"name": nil, "arguments": {"text": nil}}
	initializeShape     = shape{"protocolVersion": nil, "capabilities": {"roots": {"listChanged": nil}}, "clientInfo": implementationShape}
	listToolsShape      = shape{"cursor": nil}
	callToolResultShape = shape{"content": {"type": nil, "text": nil}, "isError": nil}
	initResultShape     = shape{"protocolVersion": nil, "capabilities": {"tools": {"listChanged": nil}},
		"serverInfo": implementationShape, "instructions": nil}
	listResultShape = shape{"tools": {"name": nil, "description": nil, "inputSchema": nil}, "nextCursor": nil}
)

func shapeOf(v any) shape {
	switch v.(type) {
	case *CallToolParams:
		return callToolParamsShape
	case *InitializeParams:
		return initializeShape
	case *ListToolsParams:
		return listToolsShape
	case *CallToolResult:
		return callToolResultShape
	case *InitializeResult:
		return initResultShape
	case *ListToolsResult:
		return listResultShape
	}
	return nil
}

// folded reports whether the value raw (which scan accepted) holds,
// anywhere a typed object of shape sh lies, a member whose name is not one
// of the object's but equals one of them ignoring case.
func folded(raw []byte, sh shape) bool {
	if len(sh) == 0 {
		return false
	}
	found := false
	switch raw[0] {
	case '[':
		forElements(raw, func(elem []byte) { found = found || folded(elem, sh) })
	case '{':
		forMembers(raw, func(name, value []byte) {
			if found {
				return
			}
			if child, ok := sh[string(name)]; ok {
				found = folded(value, child)
				return
			}
			for k := range sh {
				if strings.EqualFold(string(name), k) {
					found = true
					return
				}
			}
		})
	}
	return found
}

// forElements calls f with each element of the array raw, which scan
// accepted.
func forElements(raw []byte, f func(value []byte)) {
	s := scanner{data: raw, pos: 1}
	s.skipSpace()
	for s.pos < len(raw) && raw[s.pos] != ']' {
		start := s.pos
		s.skipValue()
		f(raw[start:s.pos])
		s.skipSpace()
		if s.pos < len(raw) && raw[s.pos] == ',' {
			s.pos++
			s.skipSpace()
		}
	}
}

// stdInto decodes raw into v the way Std does: into a generic value, read
// with exact member names.
func stdInto(raw []byte, v any) bool {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var x any
	return dec.Decode(&x) == nil && stdFill(x, v)
}
