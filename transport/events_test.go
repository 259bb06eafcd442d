package transport

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestEventReader(t *testing.T) {
	t.Parallel()
	type ev struct{ typ, id, data string }
	cases := []struct {
		name    string
		in      string
		max     int
		want    []ev
		wantErr error // after the events; nil means io.EOF
	}{
		{name: "one message", in: "data: {\"a\":1}\n\n", want: []ev{{"", "", `{"a":1}`}}},
		{name: "typed, with id", in: "event: message\nid: 7\ndata: x\n\n", want: []ev{{"message", "7", "x"}}},
		{name: "data lines joined", in: "data: a\ndata: b\n\n", want: []ev{{"", "", "a\nb"}}},
		{name: "CRLF", in: "event: endpoint\r\ndata: /m?s=1\r\n\r\n", want: []ev{{"endpoint", "", "/m?s=1"}}},
		{name: "no space after colon", in: "data:x\n\n", want: []ev{{"", "", "x"}}},
		{name: "comments and keep-alives skipped", in: ": ping\n\n: hi\ndata: x\n\n", want: []ev{{"", "", "x"}}},
		{name: "an event without data is none", in: "event: a\nid: 1\n\ndata: y\n\n", want: []ev{{"", "", "y"}}},
		{name: "unknown fields ignored", in: "retry: 10\nfoo: bar\ndata: z\n\n", want: []ev{{"", "", "z"}}},
		{name: "two events", in: "data: 1\n\ndata: 2\n\n", want: []ev{{"", "", "1"}, {"", "", "2"}}},
		{name: "stream ends inside an event", in: "data: 1\n\ndata: {\"half", want: []ev{{"", "", "1"}}, wantErr: io.ErrUnexpectedEOF},
		{name: "stream ends before the blank line", in: "data: 1\n", wantErr: io.ErrUnexpectedEOF},
		{name: "event past the limit", in: "data: 0123456789\n\n", max: 8, wantErr: ErrTooLong},
		{name: "line past the limit", in: "data: " + strings.Repeat("x", 10000) + "\n\n", max: 100, wantErr: ErrTooLong},
		{name: "long line within the limit", in: "data: " + strings.Repeat("y", 10000) + "\n\n", want: []ev{{"", "", strings.Repeat("y", 10000)}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := NewEventReader(strings.NewReader(tc.in), tc.max)
			defer r.Release()
			var got []ev
			var err error
			for {
				var e Event
				if e, err = r.Next(); err != nil {
					break
				}
				got = append(got, ev{e.Type, e.ID, string(e.Data)})
			}
			want := tc.wantErr
			if want == nil {
				want = io.EOF
			}
			if !errors.Is(err, want) {
				t.Errorf("error %v, want %v", err, want)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("events %q, want %q", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("event %d: %q, want %q", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		msg  string
		kind rpcKind
		id   string
	}{
		{name: "request", msg: `{"jsonrpc":"2.0","id":12,"method":"ping"}`, kind: rpcRequest, id: "12"},
		{name: "string id, spaced", msg: ` { "method" : "x" , "id" : "a\"b" } `, kind: rpcRequest, id: `"a\"b"`},
		{name: "notification", msg: `{"jsonrpc":"2.0","method":"notifications/initialized"}`, kind: rpcNotification},
		{name: "id nested in params is not the id", msg: `{"method":"n","params":{"id":3,"s":"}"}}`, kind: rpcNotification},
		{name: "response", msg: `{"jsonrpc":"2.0","id":-3,"result":{"tools":[{"name":"x"}]}}`, kind: rpcResponse, id: "-3"},
		{name: "not an object", msg: `[1,2]`, kind: rpcOther},
		{name: "truncated", msg: `{"id":1,"method":"p`, kind: rpcOther},
		{name: "trailing garbage", msg: `{"id":1,"method":"p"}x`, kind: rpcOther},
		{name: "empty object", msg: `{}`, kind: rpcOther},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			kind, id := classify([]byte(tc.msg))
			if kind != tc.kind || string(id) != tc.id {
				t.Errorf("classify(%s) = %d, %q; want %d, %q", tc.msg, kind, id, tc.kind, tc.id)
			}
		})
	}
}

func TestErrorResponseIsJSONRPC(t *testing.T) {
	t.Parallel()
	got := string(errorResponse([]byte(`"x"`), `HTTP 500 "boom"`))
	want := `{"jsonrpc":"2.0","id":"x","error":{"code":-32603,"message":"HTTP 500 \"boom\""}}`
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func TestRedactURL(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"http://127.0.0.1:8080/mcp", "http://127.0.0.1:8080/mcp"},
		{"https://user:secret@h/mcp", "https://user:xxxxx@h/mcp"},
		{"http://h/mcp?token=secret&a=b", "http://h/mcp?a=xxxxx&token=xxxxx"},
		{"http://h:99999999/%zz?token=secret", "http://h:99999999/…"},
	}
	for _, tc := range cases {
		if got := RedactURL(tc.in); got != tc.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzEventReader(f *testing.F) {
	for _, s := range []string{"data: x\n\n", "event: endpoint\r\ndata: /m\r\n\r\n", ": c\ndata: a\ndata: b\n\n", "data: {\"half"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		r := NewEventReader(strings.NewReader(in), 1<<10)
		defer r.Release()
		for range len(in) + 1 {
			ev, err := r.Next()
			if err != nil {
				return
			}
			if len(ev.Data) > 1<<10 {
				t.Fatalf("an event of %d bytes past the limit", len(ev.Data))
			}
		}
		t.Fatal("more events than bytes")
	})
}

func FuzzClassify(f *testing.F) {
	for _, s := range []string{`{"jsonrpc":"2.0","id":1,"method":"ping"}`, `{"method":"n","params":{"id":[1,{"a":"]"}]}}`, `{"id":"\\"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		kind, id := classify([]byte(in))
		if (kind == rpcRequest || kind == rpcResponse) != (id != nil) {
			t.Fatalf("kind %d with id %q", kind, id)
		}
	})
}
