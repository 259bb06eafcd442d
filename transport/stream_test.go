package transport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// countingWriter records each Write call.
type countingWriter struct {
	bytes.Buffer
	calls int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.calls++
	return w.Buffer.Write(p)
}

// sink is a stream that reads nothing and records what is written.
type sink struct {
	io.Reader
	*countingWriter
}

func (sink) Close() error { return nil }

func newSink() (*Stream, *countingWriter) {
	cw := &countingWriter{}
	return NewStream(sink{strings.NewReader(""), cw}, StreamOptions{}), cw
}

// send appends msg and a newline to s's buffer and commits it.
func send(s *Stream, msg string, flush bool) error {
	buf := s.Begin()
	buf = append(buf, msg...)
	return s.Commit(append(buf, '\n'), flush)
}

func TestStreamCommit(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		flush     bool
		wantCalls int // after three messages, before the final flush
	}{
		{"flush writes each message", true, 3},
		{"without flush the messages wait", false, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, cw := newSink()
			for _, m := range []string{`{"a":1}`, `{"b":2}`, `{"c":3}`} {
				if err := send(s, m, tc.flush); err != nil {
					t.Fatal(err)
				}
			}
			if cw.calls != tc.wantCalls {
				t.Fatalf("%d writes before the flush, want %d", cw.calls, tc.wantCalls)
			}
			if err := s.Commit(s.Begin(), true); err != nil {
				t.Fatal(err)
			}
			if want := "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n"; cw.String() != want {
				t.Fatalf("wrote %q, want %q", cw.String(), want)
			}
			if int64(cw.calls) != s.w.writes || (!tc.flush && cw.calls != 1) {
				t.Fatalf("%d write calls, writes %d", cw.calls, s.w.writes)
			}
		})
	}
}

func TestStreamFlushesLargeBursts(t *testing.T) {
	t.Parallel()
	s, cw := newSink()
	msg := strings.Repeat("x", flushThreshold/4)
	for range 8 {
		if err := send(s, msg, false); err != nil {
			t.Fatal(err)
		}
	}
	if cw.calls == 0 || cw.Len() < 4*len(msg) {
		t.Fatalf("%d writes, %d bytes out: an unflushed Stream holds more than its threshold", cw.calls, cw.Len())
	}
}

func TestStreamWriteTimeoutOnStalledPeer(t *testing.T) {
	t.Parallel()
	a, b := net.Pipe() // b is never read
	defer b.Close()
	s := NewStream(a, StreamOptions{WriteTimeout: 20 * time.Millisecond})
	defer s.Close()
	err := send(s, `{"jsonrpc":"2.0","method":"ping","id":1}`, true)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || !strings.Contains(err.Error(), "stopped reading its input (nothing taken for 20ms)") {
		t.Fatalf("write to a peer that never reads: %v, want a timeout that says so", err)
	}
	if err2 := send(s, `{}`, true); err2 == nil {
		t.Fatal("the write error is not sticky")
	}
}

func TestDialTCPRoundTrip(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	done := make(chan struct{})
	go func() { // echo every line back, then close
		defer close(done)
		nc, err := l.Accept()
		if err != nil {
			return
		}
		defer nc.Close()
		peer := NewStream(nc, StreamOptions{})
		for {
			msg, err := peer.Recv()
			if err != nil {
				return
			}
			if send(peer, string(msg), !peer.Ready()) != nil {
				return
			}
		}
	}()
	s, err := DialTCP(context.Background(), l.Addr().String(), StreamOptions{MaxMessage: 64})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{`{"id":1}`, `{"id":2}`} {
		if err := send(s, m, false); err != nil {
			t.Fatal(err)
		}
	}
	if err := send(s, `{"id":3}`, true); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`{"id":1}`, `{"id":2}`, `{"id":3}`} {
		got, err := s.Recv()
		if err != nil || string(got) != want {
			t.Fatalf("Recv: %q, %v; want %q", got, err, want)
		}
	}
	if err := send(s, `{"pad":"`+strings.Repeat("x", 100)+`"}`, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Recv(); !errors.Is(err, ErrTooLong) {
		t.Fatalf("a message past MaxMessage: %v, want ErrTooLong", err)
	}
	s.Close()
	<-done
	if _, err := DialTCP(context.Background(), l.Addr().String()+"0", StreamOptions{}); err == nil {
		t.Fatal("dialling a bad port succeeded")
	}
}
