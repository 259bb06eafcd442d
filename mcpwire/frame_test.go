package mcpwire

import (
	"bytes"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// readAll reads every message until an error and returns them with it.
func readAll(t *testing.T, lr *LineReader) ([]string, error) {
	t.Helper()
	var got []string
	for {
		line, err := lr.ReadLine()
		if err != nil {
			return got, err
		}
		got = append(got, string(line))
	}
}

func TestLineReader(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 100)
	cases := []struct {
		name    string
		input   string
		max     int
		reader  func(io.Reader) io.Reader
		want    []string
		wantErr error
	}{
		{name: "lines", input: "a\nbb\nccc\n", want: []string{"a", "bb", "ccc"}, wantErr: io.EOF},
		{name: "crlf", input: "a\r\nbb\r\n", want: []string{"a", "bb"}, wantErr: io.EOF},
		{name: "blank lines skipped", input: "\n\r\na\n\n\nb\n", want: []string{"a", "b"}, wantErr: io.EOF},
		{name: "one byte at a time", input: "{\"id\":1}\r\n{\"id\":2}\n", reader: iotest.OneByteReader,
			want: []string{`{"id":1}`, `{"id":2}`}, wantErr: io.EOF},
		{name: "half reads", input: long + "\n" + long + "\n", reader: iotest.HalfReader, want: []string{long, long}, wantErr: io.EOF},
		{name: "data with EOF", input: "a\nb\n", reader: iotest.DataErrReader, want: []string{"a", "b"}, wantErr: io.EOF},
		{name: "garbage is a line like any", input: "not json\n\x00\x01\n{\n", want: []string{"not json", "\x00\x01", "{"}, wantErr: io.EOF},
		{name: "peer closes mid-message", input: "a\n{\"jsonrpc\":", want: []string{"a"}, wantErr: io.ErrUnexpectedEOF},
		{name: "line at the limit", input: long + "\n", max: 100, want: []string{long}, wantErr: io.EOF},
		{name: "line at the limit with crlf", input: long + "\r\n", max: 100, want: []string{long}, wantErr: io.EOF},
		{name: "line past the limit", input: "a\n" + long + "x\nb\n", max: 100, want: []string{"a"}, wantErr: ErrLineTooLong},
		{name: "endless line", input: strings.Repeat("y", 10000), max: 100, reader: iotest.HalfReader, wantErr: ErrLineTooLong},
		{name: "message larger than the first buffer", input: strings.Repeat("z", 3*initialBuffer) + "\nq\n",
			want: []string{strings.Repeat("z", 3*initialBuffer), "q"}, wantErr: io.EOF},
		{name: "read error kept", input: "a\n", reader: func(r io.Reader) io.Reader { return io.MultiReader(r, iotest.ErrReader(errBoom)) },
			want: []string{"a"}, wantErr: errBoom},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var r io.Reader = strings.NewReader(tc.input)
			if tc.reader != nil {
				r = tc.reader(r)
			}
			lr := NewLineReader(r, tc.max)
			got, err := readAll(t, lr)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("error %v, want %v", err, tc.wantErr)
			}
			if _, again := lr.ReadLine(); again == nil {
				t.Error("the error is not sticky")
			}
		})
	}
}

var errBoom = errors.New("boom")

func TestLineReaderReady(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe()
	defer pr.Close()
	lr := NewLineReader(pr, 0)
	go func() {
		pw.Write([]byte("one\n\ntwo\nthr"))
		pw.Write([]byte("ee\n"))
		pw.Close()
	}()
	if lr.Ready() {
		t.Fatal("Ready before anything was read")
	}
	line, err := lr.ReadLine()
	if err != nil || string(line) != "one" {
		t.Fatalf("got %q, %v", line, err)
	}
	if !lr.Ready() {
		t.Fatal("a buffered message is not Ready")
	}
	line, _ = lr.ReadLine()
	if string(line) != "two" {
		t.Fatalf("got %q", line)
	}
	if lr.Ready() {
		t.Fatal("Ready with only a partial message buffered")
	}
	line, _ = lr.ReadLine()
	if string(line) != "three" {
		t.Fatalf("got %q", line)
	}
	if lr.BytesRead() != int64(len("one\n\ntwo\nthree\n")) {
		t.Fatalf("BytesRead %d", lr.BytesRead())
	}
}

// countingWriter records each Write call.
type countingWriter struct {
	bytes.Buffer
	calls int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.calls++
	return w.Buffer.Write(p)
}

func TestWriter(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		coalesce  bool
		wantCalls int // after three messages, before Flush
	}{
		{"direct writes each message", false, 3},
		{"coalescing waits for Flush", true, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var cw countingWriter
			w := NewWriter(&cw, tc.coalesce)
			for _, m := range []string{`{"a":1}`, `{"b":2}`, `{"c":3}`} {
				if err := w.WriteMessage([]byte(m)); err != nil {
					t.Fatal(err)
				}
			}
			if cw.calls != tc.wantCalls {
				t.Fatalf("%d writes before Flush, want %d", cw.calls, tc.wantCalls)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if want := "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n"; cw.String() != want {
				t.Fatalf("wrote %q, want %q", cw.String(), want)
			}
			if int64(cw.calls) != w.Writes() || (tc.coalesce && cw.calls != 1) {
				t.Fatalf("%d write calls, Writes() %d", cw.calls, w.Writes())
			}
			if err := w.WriteMessage([]byte("a\nb")); !errors.Is(err, ErrEmbeddedNewline) {
				t.Fatalf("embedded newline: %v", err)
			}
		})
	}
}

func TestWriterCoalescingFlushesLargeBursts(t *testing.T) {
	t.Parallel()
	var cw countingWriter
	w := NewWriter(&cw, true)
	msg := bytes.Repeat([]byte("x"), flushThreshold/4)
	for range 8 {
		if err := w.WriteMessage(msg); err != nil {
			t.Fatal(err)
		}
	}
	if cw.calls == 0 || cw.Len() < 4*len(msg) {
		t.Fatalf("%d writes, %d bytes out: a coalescing writer holds more than its threshold", cw.calls, cw.Len())
	}
}

func TestWriterTimeoutOnStalledPeer(t *testing.T) {
	t.Parallel()
	a, b := net.Pipe() // b is never read
	defer a.Close()
	defer b.Close()
	w := NewWriter(a, false)
	w.SetTimeout(20 * time.Millisecond)
	err := w.WriteMessage([]byte(`{"jsonrpc":"2.0","method":"ping","id":1}`))
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("write to a peer that never reads: %v, want a timeout", err)
	}
	if err2 := w.WriteMessage([]byte(`{}`)); err2 == nil {
		t.Fatal("the write error is not sticky")
	}
}
