// Package codec owns mcptop's MCP JSON-RPC 2.0 messages, the codecs that
// read and write them, and the codec workload.
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
// Codec has four implementations, the workload's (Codecs):
//
//   - json-map (Std), what a first version would be: encoding/json decoding
//     into map[string]any, read with type assertions, and json.Marshal. The
//     seed's "before".
//   - json-typed (Typed, a Lib): encoding/json's Unmarshal into the typed
//     params and results, Marshal from them.
//   - easyjson (Easy): easyjson-generated code (mcp_easyjson.go, from `go
//     generate`) reading typed params and results straight from the spans
//     the validator found, strings aliasing the input, and jwriter writing
//     into the caller's buffer. The two payload-carrying structs, Content
//     and Arguments, have hand-written easyjson methods whose strings are
//     escaped and unescaped eight bytes at a time (escape.go); they write
//     exactly what encoding/json writes. The seed's "after".
//   - json-v2 (JSONv2, a Lib): github.com/go-json-experiment/json, the
//     proposed encoding/json v2, set to write what encoding/json writes.
//
// json-v2 was chosen by measurement among the fast codecs the Go module
// proxy serves, each as a Lib into the typed structs, on the workload's op
// (ns/op at 1 / 10 / 100 KiB, 2-vCPU machine, one run of 1 s each):
// go-json-experiment/json 9.3 / 67 / 847 µs, bytedance/sonic 14 / 76 / 742
// µs, goccy/go-json 12 / 106 / 1155 µs, segmentio/encoding 14 / 141 / 1602
// µs (no faster than typed encoding/json's 18 / 154 / 1764 µs), against
// easyjson's 5.9 / 41 / 456 µs. json-v2 is fastest at 1 and 10 KiB and
// within 15 % of sonic at 100 KiB, is pure Go on every platform (sonic
// JIT-compiles on amd64 and arm64 only) and brings no dependency of its
// own; the others were not kept.
//
// Every codec's decoder runs one shared check first (scan.go), so that all
// accept exactly the same inputs; the typed ones then read the envelope
// from where scan found its members and apply the rules of rules.go in
// one place (typed.go), and differ only in how they decode a method's
// params or result. What they decode is compared by one fuzz test
// (FuzzDecode: every codec against Std, and every encoding read back by
// every codec). A Lib codec whose library matches member names
// case-insensitively (encoding/json does) decodes the rare message with a
// member named like a typed one but for case the way Std does, so that it
// means the same for every codec.
//
// # What every codec accepts
//
// The rules, in the order they are applied:
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
// This package imports the workload contract, easyjson and
// go-json-experiment/json; never the engine, bubbletea, lipgloss or
// anything of the UI.
package codec
