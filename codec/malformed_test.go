package codec

import (
	"runtime"
	"strings"
	"testing"
)

// TestTruncatedMessages decodes every proper prefix of valid messages: each
// must be refused by both codecs with the same parse error, never a panic.
func TestTruncatedMessages(t *testing.T) {
	t.Parallel()
	req, err := EchoRequest(StringID("id-1"), 1024)
	if err != nil {
		t.Fatal(err)
	}
	reqData, _ := Std{}.AppendRequest(nil, &req)
	resp := encodeResponses()["tools/list"]
	respData, _ := Std{}.AppendResponse(nil, &resp)
	for _, whole := range [][]byte{reqData, respData} {
		for n := range len(whole) {
			prefix := whole[:n]
			var a, b Request
			ea, eb := Std{}.DecodeRequest(prefix, &a), Easy{}.DecodeRequest(prefix, &b)
			checkErr(t, ea, wantErr{code: CodeParseError})
			sameError(t, "prefix", ea, eb)
			var ra, rb Response
			ea, eb = Std{}.DecodeResponse(prefix, MethodListTools, &ra), Easy{}.DecodeResponse(prefix, MethodListTools, &rb)
			checkErr(t, ea, wantErr{code: CodeParseError})
			sameError(t, "prefix", ea, eb)
		}
	}
}

// TestHostileInputs feeds the inputs an attacker would try and checks both
// codecs refuse them the same way.
func TestHostileInputs(t *testing.T) {
	t.Parallel()
	call := func(text string) string {
		return `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":` + text + `}}}`
	}
	cases := map[string]struct {
		in   string
		code int
	}{
		"deep arrays in arguments":  {call(`"x","n":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000)), CodeParseError},
		"deep objects in params":    {`{"jsonrpc":"2.0","id":1,"method":"ping","params":` + strings.Repeat(`{"a":`, 10000) + `1` + strings.Repeat("}", 10000) + `}`, CodeParseError},
		"deep unterminated":         {strings.Repeat("[", 10000), CodeParseError},
		"invalid utf8 in text":      {call("\"ok\xffok\""), CodeParseError},
		"invalid utf8 in name":      {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"ec\xc3\",\"arguments\":{}}}", CodeParseError},
		"invalid utf8 in key":       {"{\"jsonrpc\":\"2.0\",\"id\":1,\"\xfe\":1,\"method\":\"ping\"}", CodeParseError},
		"duplicate text":            {call(`"a","text":"b"`), CodeParseError},
		"duplicate arguments":       {`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"a"},"arguments":{}}}`, CodeParseError},
		"duplicate id":              {`{"jsonrpc":"2.0","id":1,"id":"1","method":"ping"}`, CodeParseError},
		"text of wrong type":        {call(`["a"]`), CodeInvalidParams},
		"16 MiB string":             {call(`"` + strings.Repeat("A", 16<<20) + `"`), CodeInvalidRequest},
		"4 MiB + 1 byte":            {`"` + strings.Repeat("A", MaxMessageSize-1) + `"`, CodeInvalidRequest},
		"huge number in arguments":  {call(`"x","n":1` + strings.Repeat("0", 100000)), 0},
		"many members in arguments": {call(`"x",` + strings.TrimSuffix(strings.TrimPrefix(manyKeys(5000, ""), "{"), "}")), 0},
		"many duplicate-free keys":  {`{"jsonrpc":"2.0","id":1,"method":"ping","params":` + manyKeys(20000, "") + `}`, 0},
		"late duplicate of many":    {`{"jsonrpc":"2.0","id":1,"method":"ping","params":` + manyKeys(20000, `,"k0":0`) + `}`, CodeParseError},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var a, b Request
			ea := Std{}.DecodeRequest([]byte(c.in), &a)
			eb := Easy{}.DecodeRequest([]byte(c.in), &b)
			checkErr(t, ea, wantErr{code: c.code})
			sameError(t, name, ea, eb)
		})
	}
}

// TestOversizedInputAllocatesNothing checks a 16 MiB message is refused
// before either codec allocates for it.
func TestOversizedInputAllocatesNothing(t *testing.T) {
	in := []byte(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"` + strings.Repeat("A", 16<<20) + `"}}}`)
	for _, c := range codecs {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		var req Request
		err := c.DecodeRequest(in, &req)
		runtime.ReadMemStats(&after)
		checkErr(t, err, wantErr{code: CodeInvalidRequest, msg: "exceeds"})
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<10 {
			t.Errorf("%s allocated %d bytes refusing an oversized message", c.Name(), grew)
		}
	}
}

// TestLargestMessage decodes a message just under MaxMessageSize.
func TestLargestMessage(t *testing.T) {
	t.Parallel()
	req, err := EchoRequest(IntID(1), MaxMessageSize)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := Easy{}.AppendRequest(nil, &req)
	if len(data) != MaxMessageSize {
		t.Fatalf("built %d bytes", len(data))
	}
	for _, c := range codecs {
		var got Request
		if err := c.DecodeRequest(data, &got); err != nil {
			t.Fatalf("%s: %v", c.Name(), err)
		}
		if got.CallTool.Arguments.Text != req.CallTool.Arguments.Text {
			t.Fatalf("%s decoded the wrong text", c.Name())
		}
	}
}
