package codec

import (
	"errors"
	"fmt"
	"strconv"
)

// JSON-RPC 2.0 error codes.
const (
	CodeParseError     = -32700 // the message is not well-formed JSON (or breaks a limit)
	CodeInvalidRequest = -32600 // well-formed JSON, but not a valid JSON-RPC message
	CodeMethodNotFound = -32601 // the method does not exist
	CodeInvalidParams  = -32602 // the params do not fit the method
	CodeInternalError  = -32603 // the server failed
)

// Limits every decoder enforces before it looks at a message.
const (
	// MaxMessageSize is the largest message either codec decodes, in bytes.
	MaxMessageSize = 4 << 20
	// MaxDepth is the deepest nesting of objects and arrays accepted.
	MaxDepth = 128
)

// ErrUnencodable is wrapped by the errors Append* return when a message
// breaks JSON-RPC's rules (a notification answered, a response without id).
var ErrUnencodable = errors.New("codec: message cannot be encoded")

// Error is a JSON-RPC error object. Decoders return one for every input they
// reject; servers send one back in a Response.
type Error struct {
	Code    int
	Message string
}

// Error returns the code and message.
func (e *Error) Error() string {
	return "jsonrpc " + strconv.Itoa(e.Code) + ": " + e.Message
}

// IDKind says what a message's id member holds.
type IDKind uint8

const (
	// IDNone means no id member: the message is a notification.
	IDNone IDKind = iota
	// IDNull is "id": null, which only an error response may carry (when
	// the request's id could not be read).
	IDNull
	// IDInt is an integer id (any int64, kept exact).
	IDInt
	// IDString is a string id.
	IDString
)

// ID is a JSON-RPC id: absent, null, an integer or a string. The zero ID is
// absent. IDs compare with ==, and an integer never equals a string.
type ID struct {
	Kind IDKind
	Int  int64
	Str  string
}

// IntID returns the integer id n.
func IntID(n int64) ID { return ID{Kind: IDInt, Int: n} }

// StringID returns the string id s.
func StringID(s string) ID { return ID{Kind: IDString, Str: s} }

// String renders the id as it appears in JSON ("7", `"a"`, "null"), or
// "none" when absent.
func (id ID) String() string {
	switch id.Kind {
	case IDNull:
		return "null"
	case IDInt:
		return strconv.FormatInt(id.Int, 10)
	case IDString:
		return strconv.Quote(id.Str)
	}
	return "none"
}

// ParamsKind says what a request's params member holds.
type ParamsKind uint8

const (
	// ParamsAbsent means no params member.
	ParamsAbsent ParamsKind = iota
	// ParamsNull is "params": null.
	ParamsNull
	// ParamsObject is an object; for the methods this package types, its
	// members are decoded into the Request's matching field.
	ParamsObject
	// ParamsArray is an array (by-position params). Its elements are
	// validated and not kept; it is encoded as [].
	ParamsArray
)

// Request is a JSON-RPC 2.0 request, or a notification when ID.Kind is
// IDNone. The params of initialize, tools/list and tools/call are decoded
// into the field named for them; the params of other methods are validated
// and not kept.
type Request struct {
	ID         ID
	Method     string
	Params     ParamsKind
	Initialize InitializeParams // Method == MethodInitialize
	ListTools  ListToolsParams  // Method == MethodListTools
	CallTool   CallToolParams   // Method == MethodCallTool
}

// ResultKind says which field of a Response holds its result.
type ResultKind uint8

const (
	// ResultNone means no result: an error response.
	ResultNone ResultKind = iota
	// ResultEmpty is a result this package does not type. It is encoded as
	// {} (the result of ping); when decoded, any value is accepted and not
	// kept.
	ResultEmpty
	// ResultInitialize is Response.Initialize.
	ResultInitialize
	// ResultListTools is Response.ListTools.
	ResultListTools
	// ResultCallTool is Response.CallTool.
	ResultCallTool
)

// ResultFor returns the kind of result that answers method.
func ResultFor(method string) ResultKind {
	switch method {
	case MethodInitialize:
		return ResultInitialize
	case MethodListTools:
		return ResultListTools
	case MethodCallTool:
		return ResultCallTool
	}
	return ResultEmpty
}

// Response is a JSON-RPC 2.0 response: a result (Error nil, Result says
// which field) or an error.
type Response struct {
	ID         ID
	Error      *Error
	Result     ResultKind
	Initialize InitializeResult
	ListTools  ListToolsResult
	CallTool   CallToolResult
}

// Codec turns MCP JSON-RPC messages into bytes and back.
//
// Decoders validate the whole message first (see the package comment for the
// rules) and return every rejection as an *Error with code -32700, -32600 or
// -32602; they never panic. On a -32600 or -32602 error the id is still set
// when it could be read, so a server can answer the request. Strings in a
// decoded message may alias data: data must not be modified while the
// message is in use. Decoding into a Request or Response reuses the capacity
// of its slices.
//
// Append* append one message to dst and return the extended slice; a caller
// that keeps the returned slice and passes it back (as dst[:0]) next time
// lets a codec write without allocating. They fail, wrapping ErrUnencodable,
// only for messages JSON-RPC forbids.
//
// A Codec is safe for concurrent use.
type Codec interface {
	// Name is the codec's label, e.g. "encoding/json".
	Name() string
	// DecodeRequest decodes a request or notification into req.
	DecodeRequest(data []byte, req *Request) error
	// AppendRequest appends req's encoding to dst.
	AppendRequest(dst []byte, req *Request) ([]byte, error)
	// DecodeResponse decodes the response to a request for method into resp.
	DecodeResponse(data []byte, method string, resp *Response) error
	// AppendResponse appends resp's encoding to dst.
	AppendResponse(dst []byte, resp *Response) ([]byte, error)
}

// checkRequest reports whether req may be encoded.
func checkRequest(req *Request) error {
	switch req.ID.Kind {
	case IDNone, IDInt, IDString:
	default:
		return fmt.Errorf("%w: a request id must be an integer or a string, not %s", ErrUnencodable, req.ID)
	}
	if req.Params > ParamsArray {
		return fmt.Errorf("%w: unknown params kind %d", ErrUnencodable, req.Params)
	}
	return nil
}

// checkResponse reports whether resp may be encoded.
func checkResponse(resp *Response) error {
	if resp.Error != nil {
		if resp.ID.Kind == IDNone {
			return fmt.Errorf("%w: an error response needs an id (null if unknown)", ErrUnencodable)
		}
		return nil
	}
	if resp.ID.Kind != IDInt && resp.ID.Kind != IDString {
		return fmt.Errorf("%w: a result needs an integer or string id, not %s", ErrUnencodable, resp.ID)
	}
	if resp.Result == ResultNone || resp.Result > ResultCallTool {
		return fmt.Errorf("%w: a response needs a result or an error", ErrUnencodable)
	}
	return nil
}
