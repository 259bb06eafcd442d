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

// stdEnvelope decodes an accepted message into a generic map and reads its
// id (the request's or the response's rules) into id, then checks its
// jsonrpc member; the version is judged before the id.
func stdEnvelope(data []byte, id *ID, response bool) (map[string]any, *Error) {
	m, err := decodeMap(data)
	if err != nil {
		return nil, err
	}
	idErr := stdID(m, id, response)
	if v, ok := m["jsonrpc"].(string); !ok || v != "2.0" {
		return nil, copyError(errVersion)
	}
	if idErr != nil {
		return nil, copyError(idErr)
	}
	return m, nil
}

// DecodeRequest decodes a request or notification into req.
func (Std) DecodeRequest(data []byte, req *Request) error {
	*req = Request{}
	m, err := stdEnvelope(data, &req.ID, false)
	if err != nil {
		return err
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
		if !get(p, "cursor", &req.ListTools.Cursor) {
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

// get reads the optional member key of m into dst, following the
// generated decoders' rules: absent and null leave dst alone, a value of
// another type than T is a failure (false).
func get[T any](m map[string]any, key string, dst *T) bool {
	switch v := m[key].(type) {
	case nil:
	case T:
		*dst = v
	default:
		return false
	}
	return true
}

// opt returns the optional member key of m: the zero T (a nil object or
// array) when it is absent or null, false when it is not a T.
func opt[T any](m map[string]any, key string) (T, bool) {
	var v T
	ok := get(m, key, &v)
	return v, ok
}

func stdCallToolParams(p map[string]any, out *CallToolParams) bool {
	if !get(p, "name", &out.Name) {
		return false
	}
	args, ok := opt[map[string]any](p, "arguments")
	if !ok {
		return false
	}
	return args == nil || get(args, "text", &out.Arguments.Text)
}

func stdImplementation(p map[string]any, key string, out *Implementation) bool {
	o, ok := opt[map[string]any](p, key)
	if !ok {
		return false
	}
	return o == nil || get(o, "name", &out.Name) && get(o, "version", &out.Version)
}

func stdInitializeParams(p map[string]any, out *InitializeParams) bool {
	if !get(p, "protocolVersion", &out.ProtocolVersion) {
		return false
	}
	caps, ok := opt[map[string]any](p, "capabilities")
	if !ok || caps != nil && !getCapability(caps, "roots", &out.Capabilities.Roots, func(c *RootsCapability) *bool { return &c.ListChanged }) {
		return false
	}
	return stdImplementation(p, "clientInfo", &out.ClientInfo)
}

// getCapability reads the optional member key of caps, an object whose
// only member is the optional flag listChanged, into *dst: a new C when it
// is there (flag returns a C's listChanged); absent and null leave *dst
// alone, which is nil in a message being decoded.
func getCapability[C any](caps map[string]any, key string, dst **C, flag func(*C) *bool) bool {
	o, ok := opt[map[string]any](caps, key)
	if !ok || o == nil {
		return ok
	}
	*dst = new(C)
	return get(o, "listChanged", flag(*dst))
}

// getList reads the optional array key of o into *dst, reusing its
// capacity: each element is an object that item reads into a zero T, or
// null (a zero T); a null array makes *dst nil.
func getList[T any](o map[string]any, key string, dst *[]T, item func(m map[string]any, v *T) bool) bool {
	arr, ok := opt[[]any](o, key)
	switch {
	case !ok:
		return false
	case arr == nil:
		if _, has := o[key]; has {
			*dst = nil
		}
		return true
	}
	*dst = (*dst)[:0]
	for _, x := range arr {
		var zero T
		*dst = append(*dst, zero)
		switch x := x.(type) {
		case nil:
		case map[string]any:
			if !item(x, &(*dst)[len(*dst)-1]) { // read in place: a local T would escape to item
				return false
			}
		default:
			return false
		}
	}
	return true
}

// DecodeResponse decodes the response to a request for method into resp.
func (Std) DecodeResponse(data []byte, method string, resp *Response) error {
	resetResponse(resp)
	m, err := stdEnvelope(data, &resp.ID, true)
	if err != nil {
		return err
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
		return isObject && get(m, "cursor", &v.Cursor)
	case *CallToolResult:
		return isObject && stdCallToolResult(m, v)
	case *InitializeResult:
		return isObject && stdInitializeResult(m, v)
	case *ListToolsResult:
		return isObject && stdListToolsResult(m, v)
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

func stdCallToolResult(o map[string]any, out *CallToolResult) bool {
	return getList(o, "content", &out.Content, func(c map[string]any, block *Content) bool {
		return get(c, "type", &block.Type) && get(c, "text", &block.Text)
	}) && get(o, "isError", &out.IsError)
}

func stdInitializeResult(o map[string]any, out *InitializeResult) bool {
	if !get(o, "protocolVersion", &out.ProtocolVersion) || !get(o, "instructions", &out.Instructions) {
		return false
	}
	caps, ok := opt[map[string]any](o, "capabilities")
	if !ok || caps != nil && !getCapability(caps, "tools", &out.Capabilities.Tools, func(c *ToolsCapability) *bool { return &c.ListChanged }) {
		return false
	}
	return stdImplementation(o, "serverInfo", &out.ServerInfo)
}

func stdListToolsResult(o map[string]any, out *ListToolsResult) bool {
	return get(o, "nextCursor", &out.NextCursor) && getList(o, "tools", &out.Tools, stdTool)
}

func stdTool(t map[string]any, tool *Tool) bool {
	if !get(t, "name", &tool.Name) || !get(t, "description", &tool.Description) {
		return false
	}
	if s := t["inputSchema"]; s != nil {
		raw, err := json.Marshal(s)
		if err != nil {
			return false
		}
		tool.InputSchema = raw
	}
	return true
}
