package codec

import (
	"encoding/json"
	"fmt"
)

// This file is how Std and the Lib codecs encode: a library's Marshal of
// the envelope as a struct whose id and params are interfaces, and of the
// typed params and results.

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
