package codec

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// gen makes random messages for the round-trip properties.
type gen struct{ r *rand.Rand }

// handAlphabet feeds strings the codecs' hand-written code escapes; it holds
// every kind of character that needs escaping.
var handAlphabet = []string{"a", "Z", "0", " ", "\"", "\\", "/", "<", ">", "&", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f", "é", "→", "世", "😀", "\u2028", "\u2029"}

// generatedAlphabet is handAlphabet without \b and \f, which easyjson's
// generated code escapes differently (see the package comment).
var generatedAlphabet = []string{"a", "Z", "0", " ", "\"", "\\", "/", "<", ">", "&", "\n", "\r", "\t", "\x00", "\x1f", "\x7f", "é", "→", "世", "😀", "\u2028"}

func (g gen) str(alphabet []string, max int) string {
	var b strings.Builder
	for range g.r.IntN(max + 1) {
		b.WriteString(alphabet[g.r.IntN(len(alphabet))])
	}
	return b.String()
}

func (g gen) hand() string { return g.str(handAlphabet, 40) }
func (g gen) gen() string  { return g.str(generatedAlphabet, 12) }

func (g gen) id(allowNull bool) ID {
	switch g.r.IntN(4) {
	case 0:
		return StringID(g.hand())
	case 1:
		if allowNull {
			return ID{Kind: IDNull}
		}
		return IntID(-g.r.Int64())
	case 2:
		return IntID(g.r.Int64())
	}
	return IntID(int64(g.r.IntN(1000)))
}

func (g gen) request() Request {
	req := Request{Params: ParamsKind(g.r.IntN(4))}
	if g.r.IntN(4) > 0 {
		req.ID = g.id(false)
	}
	methods := []string{MethodCallTool, MethodInitialize, MethodListTools, MethodPing, MethodInitialized, g.hand()}
	req.Method = methods[g.r.IntN(len(methods))]
	switch req.Method {
	case MethodCallTool, MethodInitialize:
		req.Params = ParamsObject
	case MethodListTools:
		if req.Params == ParamsArray {
			req.Params = ParamsObject
		}
	}
	if req.Params != ParamsObject {
		return req
	}
	switch req.Method {
	case MethodCallTool:
		req.CallTool = CallToolParams{Name: "t" + g.gen(), Arguments: Arguments{Text: g.hand()}}
	case MethodInitialize:
		req.Initialize = InitializeParams{ProtocolVersion: g.gen(), ClientInfo: Implementation{Name: g.gen(), Version: g.gen()}}
		if g.r.IntN(2) == 0 {
			req.Initialize.Capabilities.Roots = &RootsCapability{ListChanged: g.r.IntN(2) == 0}
		}
	case MethodListTools:
		req.ListTools.Cursor = g.gen()
	}
	return req
}

func (g gen) response() (Response, string) {
	resp := Response{ID: g.id(false)}
	if g.r.IntN(4) == 0 {
		resp.ID = g.id(true)
		resp.Error = &Error{Code: int(g.r.Int32()) - 1<<30, Message: g.hand()}
		return resp, MethodPing
	}
	resp.Result = ResultKind(1 + g.r.IntN(4))
	method := MethodPing
	switch resp.Result {
	case ResultCallTool:
		method = MethodCallTool
		for range g.r.IntN(3) {
			resp.CallTool.Content = append(resp.CallTool.Content, Content{Type: g.hand(), Text: g.hand()})
		}
		resp.CallTool.IsError = g.r.IntN(2) == 0
	case ResultInitialize:
		method = MethodInitialize
		resp.Initialize = InitializeResult{ProtocolVersion: g.gen(), ServerInfo: Implementation{Name: g.gen(), Version: g.gen()}, Instructions: g.gen()}
		if g.r.IntN(2) == 0 {
			resp.Initialize.Capabilities.Tools = &ToolsCapability{ListChanged: g.r.IntN(2) == 0}
		}
	case ResultListTools:
		method = MethodListTools
		resp.ListTools.NextCursor = g.gen()
		for range g.r.IntN(3) {
			schema, _ := json.Marshal(map[string]any{"type": "object", "title": g.gen()})
			resp.ListTools.Tools = append(resp.ListTools.Tools, Tool{Name: g.gen(), Description: g.gen(), InputSchema: schema})
		}
	}
	return resp, method
}

// TestRoundTrip checks, on random messages, that what any codec writes
// every other reads back as the same value, and that all write the same
// bytes.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	g := gen{rand.New(rand.NewPCG(7, 11))}
	for i := range 3000 {
		req := g.request()
		encoded := make([][]byte, len(codecs))
		for k, enc := range codecs {
			data, err := enc.AppendRequest(nil, &req)
			if err != nil {
				t.Fatalf("#%d %s cannot encode %+v: %v", i, enc.Name(), req, err)
			}
			encoded[k] = data
			for _, dec := range codecs {
				var got Request
				if err := dec.DecodeRequest(data, &got); err != nil {
					// A random method may be tools/call-like only by name; every
					// generated request is valid, so any error is a failure.
					t.Fatalf("#%d %s cannot decode %s's %q: %v", i, dec.Name(), enc.Name(), data, err)
				}
				if !reflect.DeepEqual(got, req) {
					t.Fatalf("#%d %s → %s:\n got %+v\nwant %+v", i, enc.Name(), dec.Name(), got, req)
				}
			}
		}
		for k := range encoded {
			if !bytes.Equal(encoded[0], encoded[k]) {
				t.Fatalf("#%d %s's encoding differs from %s's:\n%s\n%s", i, codecs[k].Name(), codecs[0].Name(), encoded[k], encoded[0])
			}
		}

		resp, method := g.response()
		for k, enc := range codecs {
			data, err := enc.AppendResponse(nil, &resp)
			if err != nil {
				t.Fatalf("#%d %s cannot encode %+v: %v", i, enc.Name(), resp, err)
			}
			encoded[k] = data
			for _, dec := range codecs {
				var got Response
				if err := dec.DecodeResponse(data, method, &got); err != nil {
					t.Fatalf("#%d %s cannot decode %s's %q: %v", i, dec.Name(), enc.Name(), data, err)
				}
				if !equalResponse(got, resp) {
					t.Fatalf("#%d %s → %s:\n got %+v\nwant %+v", i, enc.Name(), dec.Name(), got, resp)
				}
			}
		}
		for k := range encoded {
			if !bytes.Equal(encoded[0], encoded[k]) {
				t.Fatalf("#%d %s's encoding differs from %s's:\n%s\n%s", i, codecs[k].Name(), codecs[0].Name(), encoded[k], encoded[0])
			}
		}
	}
}
