package transport

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// rawServer answers HTTP/1.1 requests on a loopback socket as answer says:
// answer(n) is the raw answer to the n-th request (from 1) on a
// connection, and whether to close the connection after it.
type rawServer struct {
	l     net.Listener
	wg    sync.WaitGroup
	mu    sync.Mutex
	conns int
}

func newRawServer(t *testing.T, answer func(n int) (string, bool)) *rawServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &rawServer{l: l}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			nc, err := l.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns++
			s.mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer nc.Close()
				br := bufio.NewReader(nc)
				for n := 1; ; n++ {
					req, err := http.ReadRequest(br)
					if err != nil {
						return
					}
					io.Copy(io.Discard, req.Body)
					a, closeAfter := answer(n)
					io.WriteString(nc, a)
					if closeAfter {
						return
					}
				}
			}()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		s.wg.Wait()
	})
	return s
}

func (s *rawServer) dialed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

const okAnswer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"

// post sends one request through tr and reads the whole answer.
func post(t *testing.T, tr *h1Transport, u *url.URL) string {
	t.Helper()
	req := (&httpBase{}).newRequest(context.Background(), http.MethodPost, u, http.Header{"Content-Type": {"application/json"}}, []byte(`{"a":1}`))
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d %s", resp.StatusCode, b)
}

func TestH1Transport(t *testing.T) {
	cases := []struct {
		name   string
		answer func(n int) (string, bool)
		dials  int // connections for three requests
	}{
		{name: "keep-alive: one connection", answer: func(int) (string, bool) { return okAnswer, false }, dials: 1},
		{name: "Connection: close is honoured", answer: func(int) (string, bool) {
			return "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}", true
		}, dials: 3},
		{name: "a kept connection found dead is retried", answer: func(int) (string, bool) { return okAnswer, true }, dials: 3},
		{name: "chunked, after a 100 Continue", answer: func(int) (string, bool) {
			return "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n1\r\n}\r\n0\r\n\r\n", false
		}, dials: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRawServer(t, tc.answer)
			tr := newH1Transport()
			defer tr.CloseIdleConnections()
			u := &url.URL{Scheme: "http", Host: srv.l.Addr().String(), Path: "/mcp"}
			for i := range 3 {
				if got := post(t, tr, u); got != "200 {}" {
					t.Fatalf("request %d: %q", i, got)
				}
			}
			if n := srv.dialed(); n != tc.dials {
				t.Errorf("%d connections, want %d", n, tc.dials)
			}
		})
	}
}

func TestH1TransportBodyClosedEarlyDropsTheConnection(t *testing.T) {
	srv := newRawServer(t, func(int) (string, bool) {
		return "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", false
	})
	tr := newH1Transport()
	defer tr.CloseIdleConnections()
	u := &url.URL{Scheme: "http", Host: srv.l.Addr().String(), Path: "/"}
	req := (&httpBase{}).newRequest(context.Background(), http.MethodPost, u, http.Header{}, []byte("x"))
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 3)
	io.ReadFull(resp.Body, buf)
	resp.Body.Close() // 7 bytes unread: the connection cannot be reused
	if got := post(t, tr, u); got != "200 0123456789" {
		t.Fatalf("next request: %q", got)
	}
	if n := srv.dialed(); n != 2 {
		t.Errorf("%d connections, want 2", n)
	}
}

func TestH1TransportWritesTheRequest(t *testing.T) {
	t.Parallel()
	u, _ := url.Parse("http://127.0.0.1:8080/mcp?x=1")
	req := (&httpBase{}).newRequest(context.Background(), http.MethodPost, u,
		http.Header{"Mcp-Session-Id": {"s1"}, "X-Idempotency-Key": nil}, []byte(`{}`))
	got := string(appendRequest(nil, req, []byte(`{}`)))
	for _, want := range []string{"POST /mcp?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n", "Mcp-Session-Id: s1\r\n", "Content-Length: 2\r\n\r\n{}"} {
		if !strings.Contains(got, want) {
			t.Errorf("request %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "Idempotency") {
		t.Errorf("a header without a value was sent: %q", got)
	}
}

func TestHTTPClientKinds(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url string
		h1  bool
	}{{"http://127.0.0.1:1/mcp", true}, {"https://127.0.0.1:1/mcp", false}} {
		u, _ := url.Parse(tc.url)
		_, isH1 := newHTTPClient(u, &HTTPOptions{}).Transport.(*h1Transport)
		if isH1 != tc.h1 {
			t.Errorf("%s: the lean HTTP/1.1 transport %t, want %t", tc.url, isH1, tc.h1)
		}
	}
}
