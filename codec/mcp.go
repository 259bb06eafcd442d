package codec

//go:generate go tool easyjson -no_std_marshalers mcp.go

import "encoding/json"

// MCP method names this package types.
const (
	MethodInitialize  = "initialize"
	MethodInitialized = "notifications/initialized"
	MethodPing        = "ping"
	MethodListTools   = "tools/list"
	MethodCallTool    = "tools/call"
)

// ProtocolVersion is the MCP protocol revision the workloads speak.
const ProtocolVersion = "2025-06-18"

// Implementation names an MCP client or server (clientInfo, serverInfo).
//
//easyjson:json
type Implementation struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// RootsCapability is the client's "roots" capability.
//
//easyjson:json
type RootsCapability struct {
	ListChanged bool `json:"listChanged,omitempty"`
}

// ClientCapabilities are the capabilities a client declares in initialize.
// Capabilities this package does not type are ignored when decoding.
//
//easyjson:json
type ClientCapabilities struct {
	Roots *RootsCapability `json:"roots,omitempty"`
}

// InitializeParams are the params of an initialize request.
//
//easyjson:json
type InitializeParams struct {
	ProtocolVersion string             `json:"protocolVersion"`
	Capabilities    ClientCapabilities `json:"capabilities"`
	ClientInfo      Implementation     `json:"clientInfo"`
}

// ToolsCapability is the server's "tools" capability.
//
//easyjson:json
type ToolsCapability struct {
	ListChanged bool `json:"listChanged,omitempty"`
}

// ServerCapabilities are the capabilities a server declares in its
// initialize result. Capabilities this package does not type are ignored.
//
//easyjson:json
type ServerCapabilities struct {
	Tools *ToolsCapability `json:"tools,omitempty"`
}

// InitializeResult is the result of an initialize request.
//
//easyjson:json
type InitializeResult struct {
	ProtocolVersion string             `json:"protocolVersion"`
	Capabilities    ServerCapabilities `json:"capabilities"`
	ServerInfo      Implementation     `json:"serverInfo"`
	Instructions    string             `json:"instructions,omitempty"`
}

// ListToolsParams are the params of a tools/list request.
//
//easyjson:json
type ListToolsParams struct {
	Cursor string `json:"cursor,omitempty"`
}

// Tool describes one tool in a tools/list result. InputSchema is a JSON
// Schema object kept as raw JSON; it is written out as given, so it must be
// compact JSON for the two codecs to produce the same bytes (encoding/json
// compacts and HTML-escapes raw JSON, easyjson copies it).
//
//easyjson:json
type Tool struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	InputSchema json.RawMessage `json:"inputSchema"`
}

// ListToolsResult is the result of a tools/list request.
//
//easyjson:json
type ListToolsResult struct {
	Tools      []Tool `json:"tools"`
	NextCursor string `json:"nextCursor,omitempty"`
}

// CallToolParams are the params of a tools/call request.
//
// Name and the arguments' strings may alias the decoded input (see Codec).
//
//easyjson:json
type CallToolParams struct {
	Name      string    `json:"name,nocopy"`
	Arguments Arguments `json:"arguments"`
}

// Arguments are a tools/call's arguments as this package types them: the echo
// tool's "text". Other arguments are validated as JSON and ignored. Its
// easyjson methods are written by hand (escape.go), like Content's.
type Arguments struct {
	Text string `json:"text,nocopy"`
}

// CallToolResult is the result of a tools/call request.
//
//easyjson:json
type CallToolResult struct {
	Content []Content `json:"content"`
	IsError bool      `json:"isError"`
}

// Content is one content block of a tool result. Only text blocks are
// typed; the fields of other block types are ignored when decoding.
//
// Content and Arguments carry the payload, so their easyjson methods are
// written by hand (escape.go) with jlexer and jwriter. The generated ones
// would write U+0008 and U+000C unlike encoding/json and copy every decoded
// string; the hand-written ones write exactly what encoding/json writes and
// decode strings without escapes as views of the input (those with escapes
// about 1.4x faster than jlexer). Everything else is generated.
type Content struct {
	Type string `json:"type,nocopy"`
	Text string `json:"text,nocopy"`
}
