package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fakeSSE is an HTTP+SSE (2024-11-05) server written for the tests: one
// session at a time, every request answered with an empty result on the
// event stream.
type fakeSSE struct {
	endpoint string      // the endpoint event's data
	out      chan string // events to the stream
	end      chan struct{}
	fail     int // answer POSTs with this status
}

func newFakeSSE(endpoint string) *fakeSSE {
	return &fakeSSE{endpoint: endpoint, out: make(chan string, 16), end: make(chan struct{})}
}

func (f *fakeSSE) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprintf(w, "event: endpoint\ndata: %s\n\n", f.endpoint)
		w.(http.Flusher).Flush()
		for {
			select {
			case m := <-f.out:
				fmt.Fprintf(w, "event: message\ndata: %s\n\n", m)
				w.(http.Flusher).Flush()
			case <-f.end:
				return
			case <-r.Context().Done():
				return
			}
		}
	}
	if r.URL.Query().Get("sid") != "1" {
		http.Error(w, "unknown session", http.StatusNotFound)
		return
	}
	body, _ := io.ReadAll(r.Body)
	if f.fail != 0 {
		http.Error(w, "no", f.fail)
		return
	}
	if kind, id := classify(body); kind == rpcRequest {
		f.out <- fmt.Sprintf(`{"jsonrpc":"2.0","id":%s,"result":{}}`, id)
	}
	w.WriteHeader(http.StatusAccepted)
}

func dialFakeSSE(t *testing.T, f *fakeSSE) (*SSEConn, *peer) {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		select {
		case <-f.end:
		default:
			close(f.end)
		}
	})
	c, err := DialSSE(context.Background(), srv.URL+"/sse", HTTPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return c, newPeer(t, c)
}

func TestSSEConnRoundTrips(t *testing.T) {
	f := newFakeSSE("/messages?sid=1")
	_, p := dialFakeSSE(t, f)
	p.initialize2024()
	for i := range 20 {
		p.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"ping"}`, i))
	}
	got := map[string]bool{}
	for range 20 {
		got[p.recv()] = true
	}
	for i := range 20 {
		if want := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"result":{}}`, i); !got[want] {
			t.Errorf("missing %s", want)
		}
	}
	close(f.end) // the server ends the session
	select {
	case err := <-p.done:
		if !errors.Is(err, io.EOF) {
			t.Errorf("end of the stream: %v, want io.EOF", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the stream's end did not end the connection")
	}
}

// initialize2024 runs the handshake over HTTP+SSE, whose answers come on
// the stream.
func (p *peer) initialize2024() {
	p.t.Helper()
	p.send(testInit)
	if m := p.recv(); !strings.Contains(m, `"id":-1`) {
		p.t.Fatalf("initialize answered %s", m)
	}
	p.send(string(initializedNote))
}

func TestSSEConnPostErrorAnswersRequest(t *testing.T) {
	f := newFakeSSE("/messages?sid=1")
	f.fail = http.StatusServiceUnavailable
	_, p := dialFakeSSE(t, f)
	p.send(`{"jsonrpc":"2.0","id":3,"method":"ping"}`)
	if m := p.recv(); !strings.Contains(m, `"id":3,"error"`) || !strings.Contains(m, "HTTP 503") {
		t.Fatalf("got %s", m)
	}
}

func TestDialSSEFailures(t *testing.T) {
	cases := []struct {
		name    string
		handler http.Handler
		want    string
	}{
		{name: "endpoint on another host", handler: newFakeSSE("http://elsewhere.example/m"), want: "another server"},
		{name: "not an event stream", handler: http.NotFoundHandler(), want: "404"},
		{name: "stream ends before the endpoint", handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/event-stream")
			fmt.Fprint(w, ": nothing\n\n")
		}), want: "before the endpoint event"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			if f, ok := tc.handler.(*fakeSSE); ok {
				defer close(f.end)
			}
			_, err := DialSSE(context.Background(), srv.URL+"/sse", HTTPOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}

func TestDialSSEGivesUpWithItsContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	t0 := time.Now()
	_, err := DialSSE(ctx, srv.URL, HTTPOptions{})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(t0) > 3*time.Second {
		t.Fatalf("error %v after %v", err, time.Since(t0))
	}
}
