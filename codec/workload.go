package codec

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/mcptop/mcptop/workload"
)

// EchoTool is the tool the codec workload calls: its result is its "text"
// argument.
const EchoTool = "echo"

// firstID is the id of worker 0's request: 2^53+1, the first integer a
// float64 cannot hold, so a codec that routed ids through float64 would fail
// the op's check.
const firstID = 1<<53 + 1

// Codecs are the codec workload's implementations, in the order it lists
// them.
var Codecs = []struct {
	Name, Label string
	New         func() Codec
}{
	{"json-map", "encoding/json into map[string]any", func() Codec { return Std{} }},
	{"json-typed", "encoding/json into typed structs", func() Codec { return Typed() }},
	{"easyjson", "easyjson (generated), typed, strings alias the input", func() Codec { return Easy{} }},
	{"json-v2", "go-json-experiment/json (encoding/json v2) into typed structs", func() Codec { return JSONv2() }},
}

// sizeParam is the workload's parameter.
var sizeParam = workload.Param{
	Name: "size", Help: "bytes of the encoded tools/call request (mostly its text argument)", Unit: "B",
	Default: 1024, Min: 1024, Max: 102400, Steps: []int{1024, 10240, 102400},
}

// Workload returns the codec workload. One op is what an MCP server and its
// client do per tool call: decode a tools/call request (encoded once per
// worker, the same bytes every op), run the echo tool, encode the response,
// then decode it as the client would and check its id and content. Its
// default pair is the seed's: encoding/json into maps against easyjson.
func Workload() workload.Workload {
	w := workload.Workload{
		Name:        "codec",
		Description: "MCP tools/call: decode request, echo, encode response, decode it as the client",
		Params:      []workload.Param{sizeParam},
		Pair:        [2]string{"json-map", "easyjson"},
	}
	for _, c := range Codecs {
		w.Impls = append(w.Impls, workload.Impl{Name: c.Name, Label: c.Label,
			New: func(p workload.Params) (workload.Instance, error) { return newInstance(c.New(), p) }})
	}
	return w
}

// New returns the codec of an MCP stack: Std for the baseline stack, Easy
// for the optimised one.
func New(v workload.Variant) Codec {
	if v == workload.Optimised {
		return Easy{}
	}
	return Std{}
}

// EchoRequest returns a tools/call request for the echo tool whose encoding
// is exactly size bytes, its text a deterministic mix of prose, punctuation
// that needs escaping (quotes, newlines, tabs, <, &) and non-ASCII letters.
// It fails if size is too small to hold the envelope.
func EchoRequest(id ID, size int) (Request, error) {
	req := Request{ID: id, Method: MethodCallTool, Params: ParamsObject}
	req.CallTool.Name = EchoTool
	empty, err := Easy{}.AppendRequest(nil, &req)
	if err != nil {
		return Request{}, err
	}
	room := size - len(empty) // bytes left for the escaped text
	if room < 0 {
		return Request{}, fmt.Errorf("codec: a request of %d bytes cannot hold the %d-byte envelope", size, len(empty))
	}
	req.CallTool.Arguments.Text = payload(room)
	return req, nil
}

var payloadWords = []string{
	"the", "tool", "returns", "its", "input", "unchanged", "so", "a", "client", "can",
	"measure", "round", "trips", "naïve", "café", "résumé", "→", "über", "\"quoted\"",
	"<b>bold</b>", "R&D", "tab\tseparated", "line", "of", "text", "with", "JSON-RPC",
	"request", "response", "id", "42", "3.14", "{braces}", "[brackets]", "path/to/file.go",
}

// payload returns text whose JSON escaping (without quotes) is exactly n
// bytes.
func payload(n int) string {
	r := rand.New(rand.NewPCG(0x636f6465, 0x63))
	var b strings.Builder
	b.Grow(n)
	used, line := 0, 0
	for {
		w := payloadWords[r.IntN(len(payloadWords))]
		sep := " "
		switch {
		case used == 0:
			sep = ""
		case line > 70:
			sep, line = ".\n", 0
		}
		piece := sep + w
		cost := len(appendString(nil, piece)) - 2
		if used+cost > n {
			break
		}
		b.WriteString(piece)
		used += cost
		line += len(w) + 1
	}
	for ; used < n; used++ {
		b.WriteByte('x')
	}
	return b.String()
}

type instance struct {
	codec Codec
	size  int
	bytes int64
}

func newInstance(c Codec, p workload.Params) (workload.Instance, error) {
	if err := Workload().Validate(p); err != nil {
		return nil, fmt.Errorf("codec: %w", err)
	}
	size, ok := p[sizeParam.Name]
	if !ok {
		size = sizeParam.Default
	}
	in := &instance{codec: c, size: size}
	w, err := in.newWorker(0)
	if err != nil {
		return nil, err
	}
	if err := w.Op(); err != nil {
		return nil, fmt.Errorf("codec: trial op: %w", err)
	}
	in.bytes = int64(len(w.request) + len(w.out))
	return in, nil
}

// Worker returns worker i's own request bytes and buffers.
func (in *instance) Worker(i int) workload.Worker {
	w, err := in.newWorker(i)
	if err != nil {
		// newInstance built worker 0 with the same size; ids only change
		// the request's digits, not whether it can be built.
		return workload.Func(func() error { return err })
	}
	return w
}

// BytesPerOp is the request's size plus the response's.
func (in *instance) BytesPerOp() int64 { return in.bytes }

// Close releases nothing: workers own all their memory.
func (in *instance) Close() error { return nil }

func (in *instance) newWorker(i int) (*worker, error) {
	id := IntID(firstID + int64(i))
	req, err := EchoRequest(id, in.size)
	if err != nil {
		return nil, err
	}
	// Every implementation decodes the same request bytes: encoding/json's
	// (which easyjson and json v2 as configured write byte for byte).
	data, err := Std{}.AppendRequest(nil, &req)
	if err != nil {
		return nil, fmt.Errorf("codec: encode request: %w", err)
	}
	return &worker{codec: in.codec, request: data, id: id, want: req.CallTool.Arguments.Text}, nil
}

// Errors an op reports when a check fails.
var (
	errWrongCall   = errors.New("codec: request is not a tools/call of the echo tool")
	errWrongID     = errors.New("codec: response id does not match the request's")
	errWrongResult = errors.New("codec: response content does not echo the request's text")
)

// worker is one engine goroutine's server and client. Everything it touches
// per op is its own and reused, so the optimised codec allocates only what
// unescaping the text needs.
type worker struct {
	codec   Codec
	request []byte // the encoded request, never modified
	id      ID
	want    string

	req     Request
	resp    Response
	content [1]Content
	out     []byte // the encoded response, reused
	got     Response
}

// Op serves the request and checks the response as the client would.
func (w *worker) Op() error {
	// Server: decode, call the tool, encode.
	if err := w.codec.DecodeRequest(w.request, &w.req); err != nil {
		return err
	}
	if w.req.Method != MethodCallTool || w.req.CallTool.Name != EchoTool {
		return errWrongCall
	}
	w.content[0] = Content{Type: "text", Text: w.req.CallTool.Arguments.Text}
	w.resp = Response{ID: w.req.ID, Result: ResultCallTool, CallTool: CallToolResult{Content: w.content[:]}}
	out, err := w.codec.AppendResponse(w.out[:0], &w.resp)
	if err != nil {
		return err
	}
	w.out = out
	// Client: decode and check.
	if err := w.codec.DecodeResponse(out, MethodCallTool, &w.got); err != nil {
		return err
	}
	if w.got.ID != w.id {
		return errWrongID
	}
	c := w.got.CallTool.Content
	if w.got.Result != ResultCallTool || w.got.CallTool.IsError || len(c) != 1 || c[0].Type != "text" || c[0].Text != w.want {
		return errWrongResult
	}
	return nil
}
