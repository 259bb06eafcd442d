package codec

import (
	"bytes"
	"encoding/json"
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
	return decodeResult(resp, method, func(v any) bool { return stdFill(result, v) })
}

// stdFill reads x, a generically decoded value, into v, a pointer to one of
// the typed params or results, with exact member names.
func stdFill(x, v any) bool {
	m, isObject := x.(map[string]any)
	switch v := v.(type) {
	case *CallToolParams:
		return isObject && stdCallToolParams(m, v)
	case *InitializeParams:
		return isObject && stdInitializeParams(m, v)
	case *ListToolsParams:
		return isObject && getString(m, "cursor", &v.Cursor)
	case *CallToolResult:
		return stdCallToolResult(x, v)
	case *InitializeResult:
		return stdInitializeResult(x, v)
	case *ListToolsResult:
		return stdListToolsResult(x, v)
	}
	return false
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
