package codec

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

var codecs = []Codec{Std{}, Easy{}, Typed(), JSONv2()}

func TestCodecNames(t *testing.T) {
	t.Parallel()
	if (Std{}).Name() != "encoding/json" || (Easy{}).Name() != "easyjson" {
		t.Fatalf("names %q, %q", Std{}.Name(), Easy{}.Name())
	}
}

// wantErr describes an expected decode error; code 0 means success.
type wantErr struct {
	code int
	msg  string // substring of the message, if set
	id   ID     // the id still reported with the error
}

func checkErr(t *testing.T, err error, want wantErr) {
	t.Helper()
	if want.code == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T), want *Error with code %d", err, err, want.code)
	}
	if e.Code != want.code || !strings.Contains(e.Message, want.msg) {
		t.Fatalf("error %d %q, want %d containing %q", e.Code, e.Message, want.code, want.msg)
	}
}

func TestDecodeRequest(t *testing.T) {
	t.Parallel()
	callText := func(id ID, text string) Request {
		return Request{ID: id, Method: MethodCallTool, Params: ParamsObject,
			CallTool: CallToolParams{Name: "echo", Arguments: Arguments{Text: text}}}
	}
	cases := []struct {
		name string
		in   string
		want Request
		err  wantErr
	}{
		{name: "tools/call", in: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}`,
			want: callText(IntID(1), "hi")},
		{name: "string id", in: `{"jsonrpc":"2.0","id":"a-1","method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}`,
			want: callText(StringID("a-1"), "hi")},
		{name: "escaped string id", in: `{"jsonrpc":"2.0","id":"\u00e9\n","method":"ping"}`,
			want: Request{ID: StringID("é\n"), Method: MethodPing}},
		{name: "empty string id", in: `{"jsonrpc":"2.0","id":"","method":"ping"}`,
			want: Request{ID: StringID(""), Method: MethodPing}},
		{name: "max int64 id", in: `{"jsonrpc":"2.0","id":9223372036854775807,"method":"ping"}`,
			want: Request{ID: IntID(9223372036854775807), Method: MethodPing}},
		{name: "min int64 id", in: `{"jsonrpc":"2.0","id":-9223372036854775808,"method":"ping"}`,
			want: Request{ID: IntID(-9223372036854775808), Method: MethodPing}},
		{name: "2^53+1 id exact", in: `{"jsonrpc":"2.0","id":9007199254740993,"method":"ping"}`,
			want: Request{ID: IntID(9007199254740993), Method: MethodPing}},
		{name: "negative zero id", in: `{"jsonrpc":"2.0","id":-0,"method":"ping"}`,
			want: Request{ID: IntID(0), Method: MethodPing}},
		{name: "notification", in: `{"jsonrpc":"2.0","method":"notifications/initialized"}`,
			want: Request{Method: MethodInitialized}},
		{name: "params first, members reordered, spaces", in: ` { "params" : { "arguments" : { "text" : "a\"b" } , "name" : "echo" } , "method" : "tools/call" , "id" : 7 , "jsonrpc" : "2.0" } `,
			want: callText(IntID(7), `a"b`)},
		{name: "escaped member names", in: `{"json\u0072pc":"2.0","\u0069d":1,"met\u0068od":"tools\/call","params":{"na\u006de":"echo","arguments":{"te\u0078t":"x"}}}`,
			want: callText(IntID(1), "x")},
		{name: "unknown members ignored", in: `{"jsonrpc":"2.0","id":1,"x":{"y":[1,2]},"method":"tools/call","params":{"_meta":{"progressToken":1},"name":"echo","arguments":{"text":"t","other":[{"deep":true}],"n":1e400}}}`,
			want: callText(IntID(1), "t")},
		{name: "case matters", in: `{"jsonrpc":"2.0","id":1,"Method":"ping","method":"tools/list"}`,
			want: Request{ID: IntID(1), Method: MethodListTools}},
		{name: "arguments absent", in: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo"}}`,
			want: Request{ID: IntID(1), Method: MethodCallTool, Params: ParamsObject, CallTool: CallToolParams{Name: "echo"}}},
		{name: "arguments null, text null", in: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":null}}`,
			want: Request{ID: IntID(1), Method: MethodCallTool, Params: ParamsObject, CallTool: CallToolParams{Name: "echo"}}},
		{name: "text null", in: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":null}}}`,
			want: Request{ID: IntID(1), Method: MethodCallTool, Params: ParamsObject, CallTool: CallToolParams{Name: "echo"}}},
		{name: "params absent", in: `{"jsonrpc":"2.0","id":1,"method":"ping"}`,
			want: Request{ID: IntID(1), Method: MethodPing, Params: ParamsAbsent}},
		{name: "params null", in: `{"jsonrpc":"2.0","id":1,"method":"ping","params":null}`,
			want: Request{ID: IntID(1), Method: MethodPing, Params: ParamsNull}},
		{name: "params array", in: `{"jsonrpc":"2.0","id":1,"method":"ping","params":[1,"a"]}`,
			want: Request{ID: IntID(1), Method: MethodPing, Params: ParamsArray}},
		{name: "params object for untyped method", in: `{"jsonrpc":"2.0","id":1,"method":"resources/list","params":{"cursor":5}}`,
			want: Request{ID: IntID(1), Method: "resources/list", Params: ParamsObject}},
		{name: "tools/list cursor", in: `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":"c2"}}`,
			want: Request{ID: IntID(1), Method: MethodListTools, Params: ParamsObject, ListTools: ListToolsParams{Cursor: "c2"}}},
		{name: "tools/list params null", in: `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":null}`,
			want: Request{ID: IntID(1), Method: MethodListTools, Params: ParamsNull}},
		{name: "initialize", in: `{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"roots":{"listChanged":true},"sampling":{}},"clientInfo":{"name":"c","version":"1"}}}`,
			want: Request{ID: IntID(0), Method: MethodInitialize, Params: ParamsObject, Initialize: InitializeParams{
				ProtocolVersion: "2025-06-18", Capabilities: ClientCapabilities{Roots: &RootsCapability{ListChanged: true}},
				ClientInfo: Implementation{Name: "c", Version: "1"}}}},
		{name: "initialize roots null", in: `{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{"roots":null}}}`,
			want: Request{ID: IntID(0), Method: MethodInitialize, Params: ParamsObject}},

		{name: "not an object", in: `[{"jsonrpc":"2.0","id":1,"method":"ping"}]`, err: wantErr{code: CodeInvalidRequest, msg: "JSON object"}},
		{name: "top-level null", in: `null`, err: wantErr{code: CodeInvalidRequest, msg: "JSON object"}},
		{name: "top-level string", in: `"x"`, err: wantErr{code: CodeInvalidRequest, msg: "JSON object"}},
		{name: "no jsonrpc", in: `{"id":1,"method":"ping"}`, err: wantErr{code: CodeInvalidRequest, msg: `"jsonrpc"`, id: IntID(1)}},
		{name: "wrong version", in: `{"jsonrpc":"1.0","id":1,"method":"ping"}`, err: wantErr{code: CodeInvalidRequest, msg: `"jsonrpc"`, id: IntID(1)}},
		{name: "version number", in: `{"jsonrpc":2.0,"id":"s","method":"ping"}`, err: wantErr{code: CodeInvalidRequest, msg: `"jsonrpc"`, id: StringID("s")}},
		{name: "null id", in: `{"jsonrpc":"2.0","id":null,"method":"ping"}`, err: wantErr{code: CodeInvalidRequest, msg: `"id"`}},
		{name: "fraction id", in: `{"jsonrpc":"2.0","id":1.5,"method":"ping"}`, err: wantErr{code: CodeInvalidRequest, msg: `"id"`}},
		{name: "integral fraction id", in: `{"jsonrpc":"2.0","id":1.0,"method":"ping"}`, err: wantErr{code: CodeInvalidRequest, msg: `"id"`}},
		{name: "exponent id", in: `{"jsonrpc":"2.0","id":1e2,"method":"ping"}`, err: wantErr{code: CodeInvalidRequest, msg: `"id"`}},
		{name: "id beyond int64", in: `{"jsonrpc":"2.0","id":9223372036854775808,"method":"ping"}`, err: wantErr{code: CodeInvalidRequest, msg: `"id"`}},
		{name: "id below int64", in: `{"jsonrpc":"2.0","id":-9223372036854775809,"method":"ping"}`, err: wantErr{code: CodeInvalidRequest, msg: `"id"`}},
		{name: "bool id", in: `{"jsonrpc":"2.0","id":true,"method":"ping"}`, err: wantErr{code: CodeInvalidRequest, msg: `"id"`}},
		{name: "object id", in: `{"jsonrpc":"2.0","id":{},"method":"ping"}`, err: wantErr{code: CodeInvalidRequest, msg: `"id"`}},
		{name: "no method", in: `{"jsonrpc":"2.0","id":3}`, err: wantErr{code: CodeInvalidRequest, msg: `"method"`, id: IntID(3)}},
		{name: "method number", in: `{"jsonrpc":"2.0","id":3,"method":5}`, err: wantErr{code: CodeInvalidRequest, msg: `"method"`, id: IntID(3)}},
		{name: "params string", in: `{"jsonrpc":"2.0","id":3,"method":"ping","params":"x"}`, err: wantErr{code: CodeInvalidRequest, msg: `"params"`, id: IntID(3)}},
		{name: "params number", in: `{"jsonrpc":"2.0","id":3,"method":"ping","params":1}`, err: wantErr{code: CodeInvalidRequest, msg: `"params"`, id: IntID(3)}},
		{name: "call without params", in: `{"jsonrpc":"2.0","id":4,"method":"tools/call"}`, err: wantErr{code: CodeInvalidParams, msg: "tools/call", id: IntID(4)}},
		{name: "call params null", in: `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":null}`, err: wantErr{code: CodeInvalidParams, msg: "tools/call", id: IntID(4)}},
		{name: "call params array", in: `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":["echo"]}`, err: wantErr{code: CodeInvalidParams, msg: "tools/call", id: IntID(4)}},
		{name: "call without name", in: `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"arguments":{}}}`, err: wantErr{code: CodeInvalidParams, msg: "tool name", id: IntID(4)}},
		{name: "call empty name", in: `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":""}}`, err: wantErr{code: CodeInvalidParams, msg: "tool name", id: IntID(4)}},
		{name: "name number", in: `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":1}}`, err: wantErr{code: CodeInvalidParams, msg: "tools/call", id: IntID(4)}},
		{name: "arguments array", in: `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","arguments":[]}}`, err: wantErr{code: CodeInvalidParams, msg: "tools/call", id: IntID(4)}},
		{name: "arguments string", in: `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","arguments":"x"}}`, err: wantErr{code: CodeInvalidParams, msg: "tools/call", id: IntID(4)}},
		{name: "text number", in: `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","arguments":{"text":5}}}`, err: wantErr{code: CodeInvalidParams, msg: "tools/call", id: IntID(4)}},
		{name: "text object", in: `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","arguments":{"text":{}}}}`, err: wantErr{code: CodeInvalidParams, msg: "tools/call", id: IntID(4)}},
		{name: "wrong type beats missing name", in: `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"arguments":{"text":true}}}`, err: wantErr{code: CodeInvalidParams, msg: "invalid params for tools/call", id: IntID(4)}},
		{name: "initialize without params", in: `{"jsonrpc":"2.0","id":4,"method":"initialize"}`, err: wantErr{code: CodeInvalidParams, msg: "initialize", id: IntID(4)}},
		{name: "initialize bad roots", in: `{"jsonrpc":"2.0","id":4,"method":"initialize","params":{"capabilities":{"roots":1}}}`, err: wantErr{code: CodeInvalidParams, msg: "initialize", id: IntID(4)}},
		{name: "initialize bad listChanged", in: `{"jsonrpc":"2.0","id":4,"method":"initialize","params":{"capabilities":{"roots":{"listChanged":"yes"}}}}`, err: wantErr{code: CodeInvalidParams, msg: "initialize", id: IntID(4)}},
		{name: "initialize bad clientInfo", in: `{"jsonrpc":"2.0","id":4,"method":"initialize","params":{"clientInfo":[]}}`, err: wantErr{code: CodeInvalidParams, msg: "initialize", id: IntID(4)}},
		{name: "tools/list params array", in: `{"jsonrpc":"2.0","id":4,"method":"tools/list","params":[]}`, err: wantErr{code: CodeInvalidParams, msg: "tools/list", id: IntID(4)}},
		{name: "tools/list cursor number", in: `{"jsonrpc":"2.0","id":4,"method":"tools/list","params":{"cursor":1}}`, err: wantErr{code: CodeInvalidParams, msg: "tools/list", id: IntID(4)}},
		{name: "version checked before id", in: `{"jsonrpc":"1","id":null,"method":"ping"}`, err: wantErr{code: CodeInvalidRequest, msg: `"jsonrpc"`}},
		{name: "duplicate member", in: `{"jsonrpc":"2.0","id":1,"method":"ping","method":"tools/list"}`, err: wantErr{code: CodeParseError, msg: "duplicate"}},
		{name: "truncated", in: `{"jsonrpc":"2.0","id":1,"method":"pi`, err: wantErr{code: CodeParseError, msg: "unterminated"}},
		{name: "invalid utf8 in text", in: "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"\xff\"}}}", err: wantErr{code: CodeParseError, msg: "UTF-8"}},
	}
	for _, c := range codecs {
		for _, tc := range cases {
			t.Run(c.Name()+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				var req Request
				err := c.DecodeRequest([]byte(tc.in), &req)
				checkErr(t, err, tc.err)
				if tc.err.code != 0 {
					if req.ID != tc.err.id {
						t.Fatalf("id %s reported with the error, want %s", req.ID, tc.err.id)
					}
					return
				}
				if !reflect.DeepEqual(req, tc.want) {
					t.Fatalf("decoded\n %+v\nwant\n %+v", req, tc.want)
				}
			})
		}
	}
}

func TestDecodeRequestResetsReq(t *testing.T) {
	t.Parallel()
	for _, c := range codecs {
		t.Run(c.Name(), func(t *testing.T) {
			t.Parallel()
			req := Request{ID: IntID(9), Method: "x", Params: ParamsArray, CallTool: CallToolParams{Name: "old"},
				Initialize: InitializeParams{ProtocolVersion: "old"}, ListTools: ListToolsParams{Cursor: "old"}}
			if err := c.DecodeRequest([]byte(`{"jsonrpc":"2.0","method":"ping"}`), &req); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(req, Request{Method: MethodPing}) {
				t.Fatalf("stale fields survived: %+v", req)
			}
		})
	}
}

func TestDecodeResponse(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		method string
		in     string
		want   Response
		err    wantErr
	}{
		{name: "call result", method: MethodCallTool, in: `{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"hi"}],"isError":false}}`,
			want: Response{ID: IntID(1), Result: ResultCallTool, CallTool: CallToolResult{Content: []Content{{Type: "text", Text: "hi"}}}}},
		{name: "call result, other block types and fields", method: MethodCallTool, in: `{"result":{"isError":true,"structuredContent":{"a":1},"content":[null,{"type":"image","data":"AAAA","mimeType":"image/png"},{"text":"t\n","type":"text"}]},"id":"x","jsonrpc":"2.0"}`,
			want: Response{ID: StringID("x"), Result: ResultCallTool, CallTool: CallToolResult{IsError: true,
				Content: []Content{{}, {Type: "image"}, {Type: "text", Text: "t\n"}}}}},
		{name: "call result content null", method: MethodCallTool, in: `{"jsonrpc":"2.0","id":1,"result":{"content":null}}`,
			want: Response{ID: IntID(1), Result: ResultCallTool}},
		{name: "error null beside result", method: MethodCallTool, in: `{"jsonrpc":"2.0","id":1,"error":null,"result":{"content":[]}}`,
			want: Response{ID: IntID(1), Result: ResultCallTool}},
		{name: "initialize result", method: MethodInitialize, in: `{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{"listChanged":true},"logging":{}},"serverInfo":{"name":"s","version":"2"},"instructions":"be nice"}}`,
			want: Response{ID: IntID(0), Result: ResultInitialize, Initialize: InitializeResult{ProtocolVersion: "2025-06-18",
				Capabilities: ServerCapabilities{Tools: &ToolsCapability{ListChanged: true}}, ServerInfo: Implementation{Name: "s", Version: "2"}, Instructions: "be nice"}}},
		{name: "tools/list result", method: MethodListTools, in: `{"jsonrpc":"2.0","id":2,"result":{"tools":[{"name":"echo","description":"d","inputSchema":{"type":"object"}}],"nextCursor":"n"}}`,
			want: Response{ID: IntID(2), Result: ResultListTools, ListTools: ListToolsResult{NextCursor: "n",
				Tools: []Tool{{Name: "echo", Description: "d", InputSchema: json.RawMessage(`{"type":"object"}`)}}}}},
		{name: "ping result", method: MethodPing, in: `{"jsonrpc":"2.0","id":3,"result":{}}`,
			want: Response{ID: IntID(3), Result: ResultEmpty}},
		{name: "untyped result of any shape", method: "resources/list", in: `{"jsonrpc":"2.0","id":3,"result":[1,2]}`,
			want: Response{ID: IntID(3), Result: ResultEmpty}},
		{name: "error response", method: MethodCallTool, in: `{"jsonrpc":"2.0","id":5,"error":{"code":-32601,"message":"no such method","data":{"x":1}}}`,
			want: Response{ID: IntID(5), Error: &Error{Code: CodeMethodNotFound, Message: "no such method"}}},
		{name: "error with null id", method: MethodPing, in: `{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}`,
			want: Response{ID: ID{Kind: IDNull}, Error: &Error{Code: CodeParseError, Message: "parse error"}}},
		{name: "result null beside error", method: MethodPing, in: `{"jsonrpc":"2.0","id":1,"result":null,"error":{"code":1,"message":""}}`,
			want: Response{ID: IntID(1), Error: &Error{Code: 1, Message: ""}}},

		{name: "no id", method: MethodPing, in: `{"jsonrpc":"2.0","result":{}}`, err: wantErr{code: CodeInvalidRequest, msg: `"id" is missing`}},
		{name: "bad id", method: MethodPing, in: `{"jsonrpc":"2.0","id":[],"result":{}}`, err: wantErr{code: CodeInvalidRequest, msg: `"id"`}},
		{name: "fraction id", method: MethodPing, in: `{"jsonrpc":"2.0","id":2.5,"result":{}}`, err: wantErr{code: CodeInvalidRequest, msg: `"id"`}},
		{name: "bad version", method: MethodPing, in: `{"jsonrpc":"2","id":6,"result":{}}`, err: wantErr{code: CodeInvalidRequest, msg: `"jsonrpc"`, id: IntID(6)}},
		{name: "both", method: MethodPing, in: `{"jsonrpc":"2.0","id":6,"result":{},"error":{"code":1,"message":"m"}}`, err: wantErr{code: CodeInvalidRequest, msg: "both", id: IntID(6)}},
		{name: "neither", method: MethodPing, in: `{"jsonrpc":"2.0","id":6}`, err: wantErr{code: CodeInvalidRequest, msg: "neither", id: IntID(6)}},
		{name: "both null", method: MethodPing, in: `{"jsonrpc":"2.0","id":6,"result":null,"error":null}`, err: wantErr{code: CodeInvalidRequest, msg: "neither", id: IntID(6)}},
		{name: "result with null id", method: MethodPing, in: `{"jsonrpc":"2.0","id":null,"result":{}}`, err: wantErr{code: CodeInvalidRequest, msg: "non-null", id: ID{Kind: IDNull}}},
		{name: "error not object", method: MethodPing, in: `{"jsonrpc":"2.0","id":6,"error":"bad"}`, err: wantErr{code: CodeInvalidRequest, msg: `"error"`, id: IntID(6)}},
		{name: "error without code", method: MethodPing, in: `{"jsonrpc":"2.0","id":6,"error":{"message":"m"}}`, err: wantErr{code: CodeInvalidRequest, msg: `"error"`, id: IntID(6)}},
		{name: "error code null", method: MethodPing, in: `{"jsonrpc":"2.0","id":6,"error":{"code":null,"message":"m"}}`, err: wantErr{code: CodeInvalidRequest, msg: `"error"`, id: IntID(6)}},
		{name: "error code fraction", method: MethodPing, in: `{"jsonrpc":"2.0","id":6,"error":{"code":1.5,"message":"m"}}`, err: wantErr{code: CodeInvalidRequest, msg: `"error"`, id: IntID(6)}},
		{name: "error code string", method: MethodPing, in: `{"jsonrpc":"2.0","id":6,"error":{"code":"1","message":"m"}}`, err: wantErr{code: CodeInvalidRequest, msg: `"error"`, id: IntID(6)}},
		{name: "error without message", method: MethodPing, in: `{"jsonrpc":"2.0","id":6,"error":{"code":1}}`, err: wantErr{code: CodeInvalidRequest, msg: `"error"`, id: IntID(6)}},
		{name: "call result not object", method: MethodCallTool, in: `{"jsonrpc":"2.0","id":6,"result":[]}`, err: wantErr{code: CodeInvalidRequest, msg: "tools/call", id: IntID(6)}},
		{name: "content not array", method: MethodCallTool, in: `{"jsonrpc":"2.0","id":6,"result":{"content":{}}}`, err: wantErr{code: CodeInvalidRequest, msg: "tools/call", id: IntID(6)}},
		{name: "content block not object", method: MethodCallTool, in: `{"jsonrpc":"2.0","id":6,"result":{"content":["text"]}}`, err: wantErr{code: CodeInvalidRequest, msg: "tools/call", id: IntID(6)}},
		{name: "content text number", method: MethodCallTool, in: `{"jsonrpc":"2.0","id":6,"result":{"content":[{"type":"text","text":1}]}}`, err: wantErr{code: CodeInvalidRequest, msg: "tools/call", id: IntID(6)}},
		{name: "isError string", method: MethodCallTool, in: `{"jsonrpc":"2.0","id":6,"result":{"isError":"no"}}`, err: wantErr{code: CodeInvalidRequest, msg: "tools/call", id: IntID(6)}},
		{name: "tools not array", method: MethodListTools, in: `{"jsonrpc":"2.0","id":6,"result":{"tools":{}}}`, err: wantErr{code: CodeInvalidRequest, msg: "tools/list", id: IntID(6)}},
		{name: "tool name number", method: MethodListTools, in: `{"jsonrpc":"2.0","id":6,"result":{"tools":[{"name":1}]}}`, err: wantErr{code: CodeInvalidRequest, msg: "tools/list", id: IntID(6)}},
		{name: "server tools capability not object", method: MethodInitialize, in: `{"jsonrpc":"2.0","id":6,"result":{"capabilities":{"tools":true}}}`, err: wantErr{code: CodeInvalidRequest, msg: "initialize", id: IntID(6)}},
	}
	for _, c := range codecs {
		for _, tc := range cases {
			t.Run(c.Name()+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				var resp Response
				err := c.DecodeResponse([]byte(tc.in), tc.method, &resp)
				checkErr(t, err, tc.err)
				if tc.err.code != 0 {
					if resp.ID != tc.err.id {
						t.Fatalf("id %s reported with the error, want %s", resp.ID, tc.err.id)
					}
					return
				}
				if !equalResponse(resp, tc.want) {
					t.Fatalf("decoded\n %+v\nwant\n %+v", resp, tc.want)
				}
			})
		}
	}
}

// equalResponse compares responses, treating nil and empty slices alike and
// raw schemas by their JSON value.
func equalResponse(a, b Response) bool {
	if len(a.CallTool.Content) == 0 && len(b.CallTool.Content) == 0 {
		a.CallTool.Content, b.CallTool.Content = nil, nil
	}
	if len(a.ListTools.Tools) == 0 && len(b.ListTools.Tools) == 0 {
		a.ListTools.Tools, b.ListTools.Tools = nil, nil
	}
	if len(a.ListTools.Tools) != len(b.ListTools.Tools) {
		return false
	}
	a.ListTools.Tools = append([]Tool(nil), a.ListTools.Tools...)
	b.ListTools.Tools = append([]Tool(nil), b.ListTools.Tools...)
	for i := range a.ListTools.Tools {
		if !jsonEqual(a.ListTools.Tools[i].InputSchema, b.ListTools.Tools[i].InputSchema) {
			return false
		}
		a.ListTools.Tools[i].InputSchema, b.ListTools.Tools[i].InputSchema = nil, nil
	}
	return reflect.DeepEqual(a, b)
}

// jsonEqual reports whether two raw JSON values (nil meaning absent) hold
// the same value.
func jsonEqual(a, b json.RawMessage) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	var va, vb any
	da, db := json.NewDecoder(bytes.NewReader(a)), json.NewDecoder(bytes.NewReader(b))
	da.UseNumber()
	db.UseNumber()
	if da.Decode(&va) != nil || db.Decode(&vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}

func TestDecodeResponseReusesContent(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	in := []byte(`{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}}`)
	var resp Response
	c := Easy{}
	if err := c.DecodeResponse(in, MethodCallTool, &resp); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if err := c.DecodeResponse(in, MethodCallTool, &resp); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("decoding into a used Response allocated %v times", allocs)
	}
	if len(resp.CallTool.Content) != 2 || resp.CallTool.Content[1].Text != "b" {
		t.Fatalf("decoded %+v", resp.CallTool)
	}
}

func TestEasyStringsAliasInput(t *testing.T) {
	t.Parallel()
	in := []byte(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"abc"}}}`)
	var req Request
	if err := (Easy{}).DecodeRequest(in, &req); err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(in, []byte("abc"))
	in[i] = 'X'
	if req.CallTool.Arguments.Text != "Xbc" {
		t.Fatalf("text %q does not alias the input, as documented", req.CallTool.Arguments.Text)
	}
}

// encodeCases are messages both codecs must encode to the same bytes.
func encodeRequests() map[string]Request {
	return map[string]Request{
		"tools/call": {ID: IntID(firstID), Method: MethodCallTool, Params: ParamsObject,
			CallTool: CallToolParams{Name: "echo", Arguments: Arguments{Text: escapeCases["all bytes"][:256] + escapeCases["separators"] + escapeCases["emoji"]}}},
		"invalid utf8 text": {ID: IntID(firstID), Method: MethodCallTool, Params: ParamsObject,
			CallTool: CallToolParams{Name: "echo", Arguments: Arguments{Text: escapeCases["all bytes"]}}},
		"string id":         {ID: StringID("<id>\b\f"), Method: MethodPing},
		"notification":      {Method: MethodInitialized},
		"params null":       {ID: IntID(-1), Method: MethodPing, Params: ParamsNull},
		"params array":      {ID: IntID(2), Method: "x", Params: ParamsArray},
		"params object":     {ID: IntID(2), Method: "resources/list", Params: ParamsObject},
		"tools/list empty":  {ID: IntID(3), Method: MethodListTools, Params: ParamsObject},
		"tools/list cursor": {ID: IntID(3), Method: MethodListTools, Params: ParamsObject, ListTools: ListToolsParams{Cursor: "é<"}},
		"initialize": {ID: IntID(0), Method: MethodInitialize, Params: ParamsObject, Initialize: InitializeParams{
			ProtocolVersion: ProtocolVersion, Capabilities: ClientCapabilities{Roots: &RootsCapability{ListChanged: true}},
			ClientInfo: Implementation{Name: "mcptop", Version: "0.1"}}},
		"initialize no caps": {ID: IntID(0), Method: MethodInitialize, Params: ParamsObject},
	}
}

func encodeResponses() map[string]Response {
	return map[string]Response{
		"call result": {ID: IntID(7), Result: ResultCallTool, CallTool: CallToolResult{
			Content: []Content{{Type: "text", Text: escapeCases["all bytes"]}, {Type: "text", Text: ""}}, IsError: true}},
		"call result nil content": {ID: StringID("s"), Result: ResultCallTool},
		"empty":                   {ID: IntID(1), Result: ResultEmpty},
		"error":                   {ID: IntID(1), Error: &Error{Code: CodeInvalidParams, Message: "bad <params>\b"}},
		"error null id":           {ID: ID{Kind: IDNull}, Error: &Error{Code: CodeParseError, Message: "parse error"}},
		"initialize": {ID: IntID(0), Result: ResultInitialize, Initialize: InitializeResult{ProtocolVersion: ProtocolVersion,
			Capabilities: ServerCapabilities{Tools: &ToolsCapability{}}, ServerInfo: Implementation{Name: "s", Version: "1"}, Instructions: "x"}},
		"tools/list": {ID: IntID(4), Result: ResultListTools, ListTools: ListToolsResult{NextCursor: "n", Tools: []Tool{
			{Name: "echo", Description: "Echoes text.", InputSchema: json.RawMessage(`{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}`)},
			{Name: "bare"},
		}}},
	}
}

func TestEncodingsAreByteIdentical(t *testing.T) {
	t.Parallel()
	for name, req := range encodeRequests() {
		t.Run("request/"+name, func(t *testing.T) {
			t.Parallel()
			a, err := Std{}.AppendRequest(nil, &req)
			if err != nil {
				t.Fatal(err)
			}
			b, err := Easy{}.AppendRequest(nil, &req)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Fatalf("encoding/json:\n%s\neasyjson:\n%s", a, b)
			}
			if !utf8.ValidString(req.CallTool.Arguments.Text) {
				return // encoded as U+FFFD, so it does not round-trip
			}
			for _, c := range codecs {
				var got Request
				if err := c.DecodeRequest(a, &got); err != nil {
					t.Fatalf("%s cannot decode it: %v", c.Name(), err)
				}
				if !reflect.DeepEqual(got, req) {
					t.Fatalf("%s decoded %+v, want %+v", c.Name(), got, req)
				}
			}
		})
	}
	for name, resp := range encodeResponses() {
		t.Run("response/"+name, func(t *testing.T) {
			t.Parallel()
			a, err := Std{}.AppendResponse(nil, &resp)
			if err != nil {
				t.Fatal(err)
			}
			b, err := Easy{}.AppendResponse(nil, &resp)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Fatalf("encoding/json:\n%s\neasyjson:\n%s", a, b)
			}
		})
	}
}

func TestKnownDifference(t *testing.T) {
	t.Parallel()
	// Generated easyjson code writes U+0008 as \u0008 where encoding/json
	// writes \b; both decode to the same value (see the package comment).
	req := Request{ID: IntID(1), Method: MethodCallTool, Params: ParamsObject, CallTool: CallToolParams{Name: "a\bb"}}
	a, _ := Std{}.AppendRequest(nil, &req)
	b, _ := Easy{}.AppendRequest(nil, &req)
	if !bytes.Contains(a, []byte(`a\bb`)) || !bytes.Contains(b, []byte(`a\u0008b`)) {
		t.Fatalf("the documented difference changed:\n%s\n%s", a, b)
	}
	for _, data := range [][]byte{a, b} {
		for _, c := range codecs {
			var got Request
			if err := c.DecodeRequest(data, &got); err != nil || got.CallTool.Name != "a\bb" {
				t.Fatalf("%s decoded %q: %+v, %v", c.Name(), data, got, err)
			}
		}
	}
}

func TestAppendKeepsPrefix(t *testing.T) {
	t.Parallel()
	resp := encodeResponses()["call result"]
	for _, c := range codecs {
		t.Run(c.Name(), func(t *testing.T) {
			t.Parallel()
			whole, err := c.AppendResponse(nil, &resp)
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.AppendResponse([]byte("prefix\n"), &resp)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != "prefix\n"+string(whole) {
				t.Fatalf("got %q", got)
			}
		})
	}
}

func TestUnencodable(t *testing.T) {
	t.Parallel()
	requests := map[string]Request{
		"null id":     {ID: ID{Kind: IDNull}, Method: MethodPing},
		"bad id kind": {ID: ID{Kind: 9}, Method: MethodPing},
		"params kind": {ID: IntID(1), Method: MethodPing, Params: 9},
	}
	responses := map[string]Response{
		"result without id":        {Result: ResultEmpty},
		"result with null id":      {ID: ID{Kind: IDNull}, Result: ResultEmpty},
		"neither result nor error": {ID: IntID(1)},
		"bad result kind":          {ID: IntID(1), Result: 9},
		"error without id":         {Error: &Error{Code: 1}},
	}
	for _, c := range codecs {
		for name, req := range requests {
			t.Run(c.Name()+"/request/"+name, func(t *testing.T) {
				t.Parallel()
				out, err := c.AppendRequest([]byte("kept"), &req)
				if !errors.Is(err, ErrUnencodable) || string(out) != "kept" {
					t.Fatalf("got %q, %v; want dst unchanged and ErrUnencodable", out, err)
				}
			})
		}
		for name, resp := range responses {
			t.Run(c.Name()+"/response/"+name, func(t *testing.T) {
				t.Parallel()
				out, err := c.AppendResponse([]byte("kept"), &resp)
				if !errors.Is(err, ErrUnencodable) || string(out) != "kept" {
					t.Fatalf("got %q, %v; want dst unchanged and ErrUnencodable", out, err)
				}
			})
		}
	}
}

func TestEasyAppendResponseAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	resp := Response{ID: IntID(1), Result: ResultCallTool, CallTool: CallToolResult{
		Content: []Content{{Type: "text", Text: strings.Repeat(`text with "escapes" & more\n`, 1000)}}}}
	buf, err := Easy{}.AppendResponse(nil, &resp)
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(50, func() {
		buf, err = Easy{}.AppendResponse(buf[:0], &resp)
		if err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("AppendResponse into a reused buffer allocated %v times", allocs)
	}
}

// TestEasyNeverPoolsCallerBuffers encodes into caller buffers of every size
// easyjson pools, from many goroutines, while other goroutines use easyjson's
// own pooled writer. If the codec ever let jwriter pool a caller's array,
// two owners would write into it and outputs would come out corrupted.
func TestEasyNeverPoolsCallerBuffers(t *testing.T) {
	t.Parallel()
	resp := encodeResponses()["call result"]
	want, err := Std{}.AppendResponse(nil, &resp)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				size := 512 << ((g + i) % 7) // 512 … 32768
				buf := make([]byte, 0, size)
				out, err := Easy{}.AppendResponse(buf, &resp)
				if err != nil {
					errs <- err
					return
				}
				// Another writer fills pooled chunks in between.
				if _, err := (Easy{}).AppendResponse(nil, &resp); err != nil {
					errs <- err
					return
				}
				if !bytes.Equal(out, want) {
					errs <- errors.New("corrupted output")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}
