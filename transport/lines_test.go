package transport

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
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
		{name: "line past the limit", input: "a\n" + long + "x\nb\n", max: 100, want: []string{"a"}, wantErr: ErrTooLong},
		{name: "endless line", input: strings.Repeat("y", 10000), max: 100, reader: iotest.HalfReader, wantErr: ErrTooLong},
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
