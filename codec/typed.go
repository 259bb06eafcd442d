package codec

// This file is the decoding every typed codec shares (Easy and the Lib
// codecs; Std reads generic maps instead): the envelope members are read
// from where scan found them, the rules of rules.go applied in order, and
// only the typed params or result of a method are decoded by the codec's
// own library, through an into function.

// into decodes the raw JSON of a typed params or result object into v, a
// pointer to one of the typed structs (CallToolParams, InitializeParams,
// ListToolsParams, CallToolResult, InitializeResult, ListToolsResult),
// reporting false if raw does not fit it.
type into func(raw []byte, v any) bool

// decodeRequest decodes a request or notification into req: the envelope
// from where scan found its members, the typed params with in.
func decodeRequest(data []byte, req *Request, in into) error {
	*req = Request{}
	var env envelope
	if err := readEnvelope(data, &env, &req.ID, false); err != nil {
		return err
	}
	if !isString(data, &env, memMethod) {
		return copyError(errMethod)
	}
	req.Method = internMethod(stringValue(data, &env, memMethod))
	if env.has(memParams) {
		switch data[env.members[memParams].start] {
		case 'n':
			req.Params = ParamsNull
		case '{':
			req.Params = ParamsObject
		case '[':
			req.Params = ParamsArray
		default:
			return copyError(errParamsKind)
		}
	}
	if err := paramsRule(req.Method, req.Params); err != nil {
		return err
	}
	if req.Params != ParamsObject {
		return nil
	}
	raw := env.raw(data, memParams)
	switch req.Method {
	case MethodCallTool:
		if !in(raw, &req.CallTool) {
			req.CallTool = CallToolParams{}
			return errParams(req.Method)
		}
		if req.CallTool.Name == "" {
			return copyError(errToolName)
		}
	case MethodInitialize:
		if !in(raw, &req.Initialize) {
			req.Initialize = InitializeParams{}
			return errParams(req.Method)
		}
	case MethodListTools:
		if !in(raw, &req.ListTools) {
			req.ListTools = ListToolsParams{}
			return errParams(req.Method)
		}
	}
	return nil
}

// decodeResponse decodes the response to a request for method into resp:
// the envelope from where scan found its members, a typed result with in.
func decodeResponse(data []byte, method string, resp *Response, in into) error {
	resetResponse(resp)
	var env envelope
	if err := readEnvelope(data, &env, &resp.ID, true); err != nil {
		return err
	}
	hasResult := env.has(memResult) && !env.isNull(data, memResult)
	hasError := env.has(memError) && !env.isNull(data, memError)
	switch {
	case hasResult && hasError:
		return copyError(errResponseBoth)
	case hasError:
		e, ok := readErrorObject(env.raw(data, memError))
		if !ok {
			return copyError(errErrorObject)
		}
		resp.Error = e
		return nil
	case !hasResult:
		return copyError(errResponseNone)
	case resp.ID.Kind == IDNull:
		return copyError(errResponseNullID)
	}
	raw := env.raw(data, memResult)
	return decodeResult(resp, method, func(v any) bool { return in(raw, v) })
}

// readEnvelope runs scan over data and checks what every message must be:
// an object with "jsonrpc": "2.0" and a well-formed id (which it reads into
// id even when it returns another error).
func readEnvelope(data []byte, env *envelope, id *ID, response bool) error {
	if err := scan(data, env); err != nil {
		return err
	}
	if !env.object {
		return copyError(errNotObject)
	}
	idErr := readID(data, env, id, response)
	if !isString(data, env, memJSONRPC) || string(stringValue(data, env, memJSONRPC)) != "2.0" {
		return copyError(errVersion)
	}
	if idErr != nil {
		return copyError(idErr)
	}
	return nil
}

// decodeResult decodes the result that answers method into the field of
// resp that holds it, with fill, which decodes into the typed field it is
// given. On failure resp is reset but for its id. Every codec reads results
// this way, Std too.
func decodeResult(resp *Response, method string, fill func(v any) bool) error {
	kind := ResultFor(method)
	ok := true
	switch kind {
	case ResultCallTool:
		ok = fill(&resp.CallTool)
	case ResultInitialize:
		ok = fill(&resp.Initialize)
	case ResultListTools:
		ok = fill(&resp.ListTools)
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
