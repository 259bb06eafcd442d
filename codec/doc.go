// Package codec owns mcptop's MCP JSON-RPC 2.0 messages, two codecs for them,
// and the codec workload.
//
// # Messages
//
// Request and Response are JSON-RPC 2.0 messages with the MCP methods the
// workloads use typed: initialize, ping, tools/list and tools/call (whose
// arguments are the echo tool's "text", and whose result is text content
// plus isError). An ID is absent, null, an int64 (kept exact) or a string,
// and never changes kind. Absent and null params are kept apart
// (ParamsKind). Unknown members are ignored everywhere.
//
// # Codecs
//
// Codec is implemented twice. Std is the baseline a first version would be:
// encoding/json decoding into map[string]any and json.Marshal. Easy is the
// optimised codec: easyjson-generated code (mcp_easyjson.go, from
// `go generate`) reading typed params and results straight from the spans
// the validator found, strings aliasing the input, and jwriter writing into
// the caller's buffer. The two payload-carrying structs, Content and
// Arguments, have hand-written easyjson methods whose strings are escaped
// and unescaped eight bytes at a time (escape.go); they write exactly what
// encoding/json writes.
//
// # What both codecs accept
//
// Decoders first run one shared check (scan.go), so that they accept exactly
// the same inputs; what they decode is then compared by a fuzz test. The
// rules, in the order they are applied:
//
//   - larger than MaxMessageSize: -32600;
//   - not RFC 8259 JSON, nesting deeper than MaxDepth, invalid UTF-8, an
//     escaped lone surrogate, or a duplicate member name in any object (the
//     I-JSON restrictions of RFC 7493): -32700;
//   - not an object (batches are not supported), "jsonrpc" not the string
//     "2.0", a request id that is null or not a string or an integer literal
//     within int64 (1e2, 1.0 and 2^63 are refused), a response without an id,
//     "method" not a string, "params" neither object, array nor null: -32600;
//   - tools/call and initialize without object params, tools/list with array
//     params, a typed member of the wrong type, or tools/call without a tool
//     name: -32602 (null counts as absent for typed members);
//   - a response with both or neither of a non-null "result" and "error", a
//     result with a null id, an error object without an integer "code" and a
//     string "message", or a result of the wrong shape: -32600.
//
// Member names match exactly (encoding/json's struct decoding would fold
// case; Std decodes into maps, which do not). On -32600 and -32602 errors
// the decoded id is still returned when it was well formed.
//
// # Known difference
//
// easyjson's generated encoders write U+0008 and U+000C as \u0008 and \u000c
// where encoding/json writes \b and \f. The strings Easy writes by hand (ids,
// methods, error messages, content and arguments) match encoding/json; the
// generated ones (tool names, descriptions, versions, cursors) can differ in
// those two characters. Both forms decode to the same value.
//
// This package imports the workload contract and easyjson; never the engine,
// bubbletea, lipgloss or anything of the UI.
package codec
