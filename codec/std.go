package codec

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Std is the baseline codec, what a first version written with encoding/json
// looks like: a message is decoded into a generic map[string]any (numbers as
// json.Number so that ids stay exact), read with type assertions, and
// messages are encoded with json.Marshal of structs whose id and params are
// `any` and whose tool arguments are a map[string]any. It is the Go form of
// the seed's jsx:decode-to-maps and build_message_map.
//
// json.Decoder with UseNumber costs about 20% more than json.Unmarshal into
// the same map (it copies the input into its own buffer), but Unmarshal turns
// every number into a float64 and so rounds ids above 2^53; there is no
// cheaper way to keep them exact with generic maps.
//
// It runs the same scan as Easy first (that is what makes the two accept the
// same inputs: encoding/json alone would accept duplicate names and invalid
// UTF-8, and match member names case-insensitively only in structs).
type Std struct{}

var _ Codec = Std{}

// Name returns "encoding/json".
func (Std) Name() string { return "encoding/json" }

// decodeMap decodes an accepted message into a generic map.
func decodeMap(data []byte) (map[string]any, *Error) {
	var env envelope
	if err := scan(data, &env); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		// scan accepted the input, so the only failure left is a
		// top-level value that is not an object (or null).
		return nil, copyError(errNotObject)
	}
	return m, nil
}

// DecodeRequest decodes a request or notification into req.
func (Std) DecodeRequest(data []byte, req *Request) error {
	*req = Request{}
	m, err := decodeMap(data)
	if err != nil {
		return err
	}
	idErr := stdID(m, &req.ID, false)
	if v, ok := m["jsonrpc"].(string); !ok || v != "2.0" {
		return copyError(errVersion)
	}
	if idErr != nil {
		return copyError(idErr)
	}
	method, ok := m["method"].(string)
	if !ok {
		return copyError(errMethod)
	}
	req.Method = method
	params, has := m["params"]
	switch params.(type) {
	case nil:
		req.Params = ParamsAbsent
		if has {
			req.Params = ParamsNull
		}
	case map[string]any:
		req.Params = ParamsObject
	case []any:
		req.Params = ParamsArray
	default:
		return copyError(errParamsKind)
	}
	if err := paramsRule(method, req.Params); err != nil {
		return err
	}
	p, _ := params.(map[string]any)
	if p == nil {
		return nil
	}
	switch method {
	case MethodCallTool:
		if !stdCallToolParams(p, &req.CallTool) {
			req.CallTool = CallToolParams{}
			return errParams(method)
		}
		if req.CallTool.Name == "" {
			return copyError(errToolName)
		}
	case MethodInitialize:
		if !stdInitializeParams(p, &req.Initialize) {
			req.Initialize = InitializeParams{}
			return errParams(method)
		}
	case MethodListTools:
		if !getString(p, "cursor", &req.ListTools.Cursor) {
			req.ListTools = ListToolsParams{}
			return errParams(method)
		}
	}
	return nil
}

// stdID reads m's id the way readID does.
func stdID(m map[string]any, id *ID, response bool) *Error {
	bad := errRequestID
	if response {
		bad = errResponseID
	}
	v, has := m["id"]
	if !has {
		if response {
			return errResponseNoID
		}
		return nil
	}
	switch v := v.(type) {
	case string:
		*id = StringID(v)
	case json.Number:
		n, ok := parseInt(string(v))
		if !ok {
			return bad
		}
		*id = IntID(n)
	case nil:
		if !response {
			return bad
		}
		*id = ID{Kind: IDNull}
	default:
		return bad
	}
	return nil
}

// The get* helpers read an optional member of m into dst, following the
// generated decoders' rules: absent and null leave dst alone, a value of the
// wrong type is a failure (false).

func getString(m map[string]any, key string, dst *string) bool {
	switch v := m[key].(type) {
	case nil:
	case string:
		*dst = v
	default:
		return false
	}
	return true
}

func getBool(m map[string]any, key string, dst *bool) bool {
	switch v := m[key].(type) {
	case nil:
	case bool:
		*dst = v
	default:
		return false
	}
	return true
}

// getObject returns m[key] as an object, nil if absent or null, and false if
// it is something else.
func getObject(m map[string]any, key string) (map[string]any, bool) {
	switch v := m[key].(type) {
	case nil:
		return nil, true
	case map[string]any:
		return v, true
	}
	return nil, false
}

// getArray is getObject for arrays.
func getArray(m map[string]any, key string) ([]any, bool) {
	switch v := m[key].(type) {
	case nil:
		return nil, true
	case []any:
		return v, true
	}
	return nil, false
}

func stdCallToolParams(p map[string]any, out *CallToolParams) bool {
	if !getString(p, "name", &out.Name) {
		return false
	}
	args, ok := getObject(p, "arguments")
	if !ok {
		return false
	}
	return args == nil || getString(args, "text", &out.Arguments.Text)
}

func stdImplementation(p map[string]any, key string, out *Implementation) bool {
	o, ok := getObject(p, key)
	if !ok {
		return false
	}
	return o == nil || getString(o, "name", &out.Name) && getString(o, "version", &out.Version)
}

func stdInitializeParams(p map[string]any, out *InitializeParams) bool {
	if !getString(p, "protocolVersion", &out.ProtocolVersion) {
		return false
	}
	caps, ok := getObject(p, "capabilities")
	if !ok {
		return false
	}
	if caps != nil {
		roots, ok := getObject(caps, "roots")
		if !ok {
			return false
		}
		if roots != nil {
			out.Capabilities.Roots = &RootsCapability{}
			if !getBool(roots, "listChanged", &out.Capabilities.Roots.ListChanged) {
				return false
			}
		} else if _, has := caps["roots"]; has {
			out.Capabilities.Roots = nil
		}
	}
	return stdImplementation(p, "clientInfo", &out.ClientInfo)
}

// DecodeResponse decodes the response to a request for method into resp.
func (Std) DecodeResponse(data []byte, method string, resp *Response) error {
	resetResponse(resp)
	m, err := decodeMap(data)
	if err != nil {
		return err
	}
	idErr := stdID(m, &resp.ID, true)
	if v, ok := m["jsonrpc"].(string); !ok || v != "2.0" {
		return copyError(errVersion)
	}
	if idErr != nil {
		return copyError(idErr)
	}
	result, errObj := m["result"], m["error"]
	switch {
	case result != nil && errObj != nil:
		return copyError(errResponseBoth)
	case errObj != nil:
		e, ok := stdErrorObject(errObj)
		if !ok {
			return copyError(errErrorObject)
		}
		resp.Error = e
		return nil
	case result == nil:
		return copyError(errResponseNone)
	case resp.ID.Kind == IDNull:
		return copyError(errResponseNullID)
	}
	kind := ResultFor(method)
	ok := true
	switch kind {
	case ResultCallTool:
		ok = stdCallToolResult(result, &resp.CallTool)
	case ResultInitialize:
		ok = stdInitializeResult(result, &resp.Initialize)
	case ResultListTools:
		ok = stdListToolsResult(result, &resp.ListTools)
	}
	if !ok {
		id := resp.ID
		resetResponse(resp)
		resp.ID = id
		return errResult(method)
	}
	resp.Result = kind
	return nil
}

func stdErrorObject(v any) (*Error, bool) {
	o, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	code, ok := o["code"].(json.Number)
	if !ok {
		return nil, false
	}
	n, ok := parseInt(string(code))
	if !ok || int64(int(n)) != n {
		return nil, false
	}
	msg, ok := o["message"].(string)
	if !ok {
		return nil, false
	}
	return &Error{Code: int(n), Message: msg}, true
}

func stdCallToolResult(v any, out *CallToolResult) bool {
	o, ok := v.(map[string]any)
	if !ok {
		return false
	}
	content, ok := getArray(o, "content")
	if !ok {
		return false
	}
	if content != nil {
		out.Content = out.Content[:0]
		for _, c := range content {
			var block Content
			switch c := c.(type) {
			case nil:
			case map[string]any:
				if !getString(c, "type", &block.Type) || !getString(c, "text", &block.Text) {
					return false
				}
			default:
				return false
			}
			out.Content = append(out.Content, block)
		}
	} else if _, has := o["content"]; has {
		out.Content = nil
	}
	return getBool(o, "isError", &out.IsError)
}

func stdInitializeResult(v any, out *InitializeResult) bool {
	o, ok := v.(map[string]any)
	if !ok {
		return false
	}
	if !getString(o, "protocolVersion", &out.ProtocolVersion) || !getString(o, "instructions", &out.Instructions) {
		return false
	}
	caps, ok := getObject(o, "capabilities")
	if !ok {
		return false
	}
	if caps != nil {
		tools, ok := getObject(caps, "tools")
		if !ok {
			return false
		}
		if tools != nil {
			out.Capabilities.Tools = &ToolsCapability{}
			if !getBool(tools, "listChanged", &out.Capabilities.Tools.ListChanged) {
				return false
			}
		}
	}
	return stdImplementation(o, "serverInfo", &out.ServerInfo)
}

func stdListToolsResult(v any, out *ListToolsResult) bool {
	o, ok := v.(map[string]any)
	if !ok {
		return false
	}
	if !getString(o, "nextCursor", &out.NextCursor) {
		return false
	}
	tools, ok := getArray(o, "tools")
	if !ok {
		return false
	}
	if tools == nil {
		if _, has := o["tools"]; has {
			out.Tools = nil
		}
		return true
	}
	out.Tools = out.Tools[:0]
	for _, t := range tools {
		var tool Tool
		switch t := t.(type) {
		case nil:
		case map[string]any:
			if !getString(t, "name", &tool.Name) || !getString(t, "description", &tool.Description) {
				return false
			}
			if s := t["inputSchema"]; s != nil {
				raw, err := json.Marshal(s)
				if err != nil {
					return false
				}
				tool.InputSchema = raw
			}
		default:
			return false
		}
		out.Tools = append(out.Tools, tool)
	}
	return true
}

// stdRequest is a request as json.Marshal writes it.
type stdRequest struct {
	JSONRPC string `json:"jsonrpc"`
	ID      any    `json:"id,omitempty"`
	Method  string `json:"method"`
	Params  any    `json:"params,omitempty"`
}

// stdCallTool is tools/call params with generic arguments.
type stdCallTool struct {
	Name      string         `json:"name"`
	Arguments map[string]any `json:"arguments"`
}

// stdResponse is a response as json.Marshal writes it.
type stdResponse struct {
	JSONRPC string    `json:"jsonrpc"`
	ID      any       `json:"id"`
	Result  any       `json:"result,omitempty"`
	Error   *stdError `json:"error,omitempty"`
}

type stdError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func stdIDValue(id ID) any {
	switch id.Kind {
	case IDInt:
		return id.Int
	case IDString:
		return id.Str
	}
	return nil
}

// AppendRequest appends req's encoding to dst.
func (Std) AppendRequest(dst []byte, req *Request) ([]byte, error) {
	return appendRequest(dst, req, stdMarshal, false)
}

// AppendResponse appends resp's encoding to dst.
func (Std) AppendResponse(dst []byte, resp *Response) ([]byte, error) {
	return appendResponse(dst, resp, stdMarshal)
}

var stdMarshal = marshaller{name: "encoding/json", marshal: json.Marshal}

// marshaller is a library's Marshal, by name for its errors.
type marshaller struct {
	name    string
	marshal func(any) ([]byte, error)
}

// appendRequest encodes req with m: the envelope as a struct whose id and
// params are interfaces, tools/call arguments as a map (typedArgs false, as
// Std does) or as the Arguments struct.
func appendRequest(dst []byte, req *Request, m marshaller, typedArgs bool) ([]byte, error) {
	if err := checkRequest(req); err != nil {
		return dst, err
	}
	out := stdRequest{JSONRPC: "2.0", ID: stdIDValue(req.ID), Method: req.Method}
	switch req.Params {
	case ParamsNull:
		out.Params = json.RawMessage("null")
	case ParamsArray:
		out.Params = []any{}
	case ParamsObject:
		switch req.Method {
		case MethodCallTool:
			if typedArgs {
				out.Params = &req.CallTool
				break
			}
			out.Params = stdCallTool{
				Name:      req.CallTool.Name,
				Arguments: map[string]any{"text": req.CallTool.Arguments.Text},
			}
		case MethodInitialize:
			out.Params = &req.Initialize
		case MethodListTools:
			out.Params = &req.ListTools
		default:
			out.Params = map[string]any{}
		}
	}
	return m.append(dst, out)
}

// appendResponse encodes resp with m.
func appendResponse(dst []byte, resp *Response, m marshaller) ([]byte, error) {
	if err := checkResponse(resp); err != nil {
		return dst, err
	}
	out := stdResponse{JSONRPC: "2.0", ID: stdIDValue(resp.ID)}
	if resp.Error != nil {
		out.Error = &stdError{Code: resp.Error.Code, Message: resp.Error.Message}
	} else {
		switch resp.Result {
		case ResultCallTool:
			out.Result = &resp.CallTool
		case ResultInitialize:
			out.Result = &resp.Initialize
		case ResultListTools:
			out.Result = &resp.ListTools
		default:
			out.Result = struct{}{}
		}
	}
	return m.append(dst, out)
}

// append is Marshal. When dst is empty its result is returned as it is, as
// a first version would write it to the wire, rather than copied into dst.
func (m marshaller) append(dst []byte, v any) ([]byte, error) {
	b, err := m.marshal(v)
	if err != nil {
		return dst, fmt.Errorf("codec: %s: %w", m.name, err)
	}
	if len(dst) == 0 {
		return b, nil
	}
	return append(dst, b...), nil
}
