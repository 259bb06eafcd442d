package codec

import (
	"strconv"
	"testing"

	"github.com/mailru/easyjson/jwriter"
	"github.com/mcptop/mcptop/workload"
)

var benchSizes = []int{1024, 10240, 102400}

func sizeName(n int) string { return strconv.Itoa(n/1024) + "KiB" }

// BenchmarkOp runs the workload's op: decode request, echo, encode response,
// decode response.
func BenchmarkOp(b *testing.B) {
	for _, size := range benchSizes {
		for _, im := range Workload().Impls {
			b.Run(sizeName(size)+"/"+im.Name, func(b *testing.B) {
				in, err := im.New(workload.Params{"size": size})
				if err != nil {
					b.Fatal(err)
				}
				w := in.Worker(0)
				b.SetBytes(in.BytesPerOp())
				b.ReportAllocs()
				for b.Loop() {
					if err := w.Op(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// benchMessages returns an encoded echo request of size bytes and its
// encoded response, with the values they encode.
func benchMessages(b *testing.B, size int) (reqData, respData []byte, resp *Response) {
	b.Helper()
	req, err := EchoRequest(IntID(firstID), size)
	if err != nil {
		b.Fatal(err)
	}
	reqData, err = Std{}.AppendRequest(nil, &req)
	if err != nil {
		b.Fatal(err)
	}
	resp = &Response{ID: req.ID, Result: ResultCallTool, CallTool: CallToolResult{
		Content: []Content{{Type: "text", Text: req.CallTool.Arguments.Text}},
	}}
	respData, err = Std{}.AppendResponse(nil, resp)
	if err != nil {
		b.Fatal(err)
	}
	return reqData, respData, resp
}

// BenchmarkDecodeRequest decodes the op's request.
func BenchmarkDecodeRequest(b *testing.B) {
	for _, size := range benchSizes {
		for _, v := range workload.Variants {
			b.Run(sizeName(size)+"/"+New(v).Name(), func(b *testing.B) {
				c := New(v)
				data, _, _ := benchMessages(b, size)
				var req Request
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					if err := c.DecodeRequest(data, &req); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkEncodeResponse encodes the op's response into a reused buffer.
func BenchmarkEncodeResponse(b *testing.B) {
	for _, size := range benchSizes {
		for _, v := range workload.Variants {
			b.Run(sizeName(size)+"/"+New(v).Name(), func(b *testing.B) {
				c := New(v)
				_, data, resp := benchMessages(b, size)
				var out []byte
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					var err error
					if out, err = c.AppendResponse(out[:0], resp); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkDecodeResponse decodes the op's response.
func BenchmarkDecodeResponse(b *testing.B) {
	for _, size := range benchSizes {
		for _, v := range workload.Variants {
			b.Run(sizeName(size)+"/"+New(v).Name(), func(b *testing.B) {
				c := New(v)
				_, data, _ := benchMessages(b, size)
				var resp Response
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					if err := c.DecodeResponse(data, MethodCallTool, &resp); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkScan is the validation both codecs run first.
func BenchmarkScan(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(sizeName(size), func(b *testing.B) {
			data, _, _ := benchMessages(b, size)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				var env envelope
				if err := scan(data, &env); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// stockContent writes a content block exactly as easyjson's generated
// encoder for Content did before Content got its own (jwriter.String escapes
// byte by byte, and writes \b and \f as \u0008 and \u000c).
func stockContent(w *jwriter.Writer, c Content) {
	w.RawString(`{"type":`)
	w.String(c.Type)
	w.RawString(`,"text":`)
	w.String(c.Text)
	w.RawByte('}')
}

// stockResponse writes the op's response with stock easyjson pieces.
func stockResponse(w *jwriter.Writer, r *Response) {
	w.RawString(`{"jsonrpc":"2.0","id":`)
	w.Int64(r.ID.Int)
	w.RawString(`,"result":{"content":[`)
	for i, c := range r.CallTool.Content {
		if i > 0 {
			w.RawByte(',')
		}
		stockContent(w, c)
	}
	w.RawString(`],"isError":`)
	w.Bool(r.CallTool.IsError)
	w.RawString(`}}`)
}

// BenchmarkEncodeSteps takes easyjson's encoder from stock to what Easy
// does, one change at a time, beside encoding/json:
//
//	json.Marshal     encoding/json, as Std does it
//	stock            jwriter as easyjson.Marshal uses it: chunks from 128 B
//	                 doubling to 32 KiB, then BuildBytes copies them into one
//	                 new slice; strings escaped byte by byte
//	callerbuf        the same writer writing into a reused, pre-sized buffer
//	                 (no chunks, no final copy)
//	callerbuf+bulk   plus the payload escaped 8 bytes at a time (= Easy)
func BenchmarkEncodeSteps(b *testing.B) {
	for _, size := range benchSizes {
		_, _, resp := benchMessages(b, size)
		b.Run(sizeName(size)+"/json.Marshal", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := (Std{}).AppendResponse(nil, resp); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(sizeName(size)+"/stock", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var w jwriter.Writer
				stockResponse(&w, resp)
				if _, err := w.BuildBytes(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(sizeName(size)+"/callerbuf", func(b *testing.B) {
			b.ReportAllocs()
			buf := make([]byte, 0, 2*size+1024)
			for b.Loop() {
				var w jwriter.Writer
				initWriter(&w, buf[:0], 2*size)
				stockResponse(&w, resp)
				out, err := finish(&w)
				if err != nil {
					b.Fatal(err)
				}
				buf = out
			}
		})
		b.Run(sizeName(size)+"/callerbuf+bulk", func(b *testing.B) {
			b.ReportAllocs()
			var buf []byte
			for b.Loop() {
				var err error
				if buf, err = (Easy{}).AppendResponse(buf[:0], resp); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
