package codec

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mailru/easyjson/jwriter"
)

func TestIDString(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		id   ID
		want string
	}{
		"none":     {ID{}, "none"},
		"null":     {ID{Kind: IDNull}, "null"},
		"int":      {IntID(-42), "-42"},
		"string":   {StringID(`a"b`), `"a\"b"`},
		"int zero": {IntID(0), "0"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := c.id.String(); got != c.want {
				t.Fatalf("got %s, want %s", got, c.want)
			}
		})
	}
	if IntID(1) == StringID("1") {
		t.Fatal("an integer id equals a string id")
	}
}

func TestErrorString(t *testing.T) {
	t.Parallel()
	e := &Error{Code: CodeMethodNotFound, Message: "no such method"}
	if got := e.Error(); got != "jsonrpc -32601: no such method" {
		t.Fatalf("got %q", got)
	}
}

func TestResultFor(t *testing.T) {
	t.Parallel()
	cases := map[string]ResultKind{
		MethodInitialize: ResultInitialize, MethodListTools: ResultListTools, MethodCallTool: ResultCallTool,
		MethodPing: ResultEmpty, "resources/list": ResultEmpty,
	}
	for method, want := range cases {
		if got := ResultFor(method); got != want {
			t.Errorf("ResultFor(%q) = %d, want %d", method, got, want)
		}
	}
}

func TestFinishJoinsSpilledChunks(t *testing.T) {
	t.Parallel()
	var w jwriter.Writer
	initWriter(&w, []byte("head:"), 8)
	body := strings.Repeat("0123456789", 10000) // far past the hint: the writer spills
	w.RawString(body)
	out, err := finish(&w)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, []byte("head:"+body)) {
		t.Fatalf("joined %d bytes wrongly", len(out))
	}
}
