package transport

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// FuzzLineReader checks LineReader against a plain split of the input: the
// same messages in the same order, whatever the chunking, until the first
// over-long line, and the right error at the end.
func FuzzLineReader(f *testing.F) {
	f.Add([]byte("{\"id\":1}\r\n\n{\"id\":2}\n"), 8, uint8(0))
	f.Add([]byte("partial"), 4, uint8(1))
	f.Add([]byte("\r\n\r\r\nx\r"), 1, uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, max int, chunking uint8) {
		if max <= 0 || max > 1<<16 {
			max = 1 << 16
		}
		var r io.Reader = bytes.NewReader(data)
		switch chunking % 3 {
		case 1:
			r = iotest.OneByteReader(r)
		case 2:
			r = iotest.HalfReader(r)
		}
		lr := NewLineReader(r, max)
		var want [][]byte
		tooLong := false
		parts := bytes.Split(data, []byte("\n"))
		last := parts[len(parts)-1]
		for _, p := range parts[:len(parts)-1] {
			p = bytes.TrimSuffix(p, []byte("\r"))
			if len(p) > max {
				tooLong = true
				break
			}
			if len(p) > 0 {
				want = append(want, p)
			}
		}
		for i := 0; ; i++ {
			line, err := lr.ReadLine()
			if err != nil {
				switch {
				case i < len(want):
					t.Fatalf("error %v after %d of %d messages", err, i, len(want))
				case tooLong || (len(last) > max+1 && !tooLong):
					if !errors.Is(err, ErrTooLong) {
						t.Fatalf("error %v, want ErrTooLong", err)
					}
				case len(last) > 0:
					if !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, ErrTooLong) {
						t.Fatalf("error %v for a cut-off message, want io.ErrUnexpectedEOF", err)
					}
				default:
					if err != io.EOF {
						t.Fatalf("error %v at a clean end, want io.EOF", err)
					}
				}
				return
			}
			if i >= len(want) || !bytes.Equal(line, want[i]) {
				t.Fatalf("message %d is %q, want %q", i, line, want)
			}
		}
	})
}
