package transport

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeMCP is a Streamable HTTP server written for the tests: it answers
// initialize with a session and every other request with an empty result,
// in JSON or as an event stream, and can send a notification or a request
// of its own before the response, forget sessions, fail, or offer a GET
// stream.
type fakeMCP struct {
	mu          sync.Mutex
	sse         bool // answer with an event stream
	notifyFirst bool // a notification before each response
	askPing     bool // a server-to-client ping before each response
	listen      bool // offer a GET stream carrying one notification
	fail        int  // answer requests with this status
	sessions    map[string]bool
	next        int
	deletes     []string
	headers     []http.Header   // of every POST
	answers     chan string     // responses the client POSTed
	versions    map[string]bool // MCP-Protocol-Version values seen after initialize
}

func newFakeMCP() *fakeMCP {
	return &fakeMCP{sessions: map[string]bool{}, answers: make(chan string, 16), versions: map[string]bool{}}
}

// forget drops every session, as a restarted server would.
func (f *fakeMCP) forget() {
	f.mu.Lock()
	clear(f.sessions)
	f.mu.Unlock()
}

func (f *fakeMCP) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	sid := r.Header.Get("Mcp-Session-Id")
	switch r.Method {
	case http.MethodDelete:
		f.deletes = append(f.deletes, sid)
		delete(f.sessions, sid)
		return
	case http.MethodGet:
		f.serveGET(w, r, sid)
		return
	}
	body, _ := io.ReadAll(r.Body)
	f.headers = append(f.headers, r.Header.Clone())
	kind, id := classify(body)
	if isInitialize(body) {
		f.next++
		sid = fmt.Sprintf("s%d", f.next)
		f.sessions[sid] = true
		w.Header().Set("Mcp-Session-Id", sid)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"jsonrpc":"2.0","id":%s,"result":{"protocolVersion":"2025-06-18","capabilities":{},"serverInfo":{"name":"fake","version":"1"}}}`, id)
		return
	}
	if !f.sessions[sid] {
		http.Error(w, "no such session", http.StatusNotFound)
		return
	}
	f.versions[r.Header.Get("Mcp-Protocol-Version")] = true
	switch {
	case kind == rpcResponse:
		f.answers <- string(body)
		fallthrough
	case kind != rpcRequest:
		w.WriteHeader(http.StatusAccepted)
	case f.fail != 0:
		http.Error(w, "it failed, as asked", f.fail)
	case f.sse:
		f.answerSSE(w, id)
	default:
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"jsonrpc":"2.0","id":%s,"result":{}}`, id)
	}
}

func (f *fakeMCP) answerSSE(w http.ResponseWriter, id []byte) {
	w.Header().Set("Content-Type", "text/event-stream")
	if f.notifyFirst {
		fmt.Fprint(w, "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n")
	}
	if f.askPing {
		fmt.Fprint(w, "data: {\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"method\":\"ping\"}\n\n")
	}
	fmt.Fprintf(w, ": keep-alive\n\nid: 1\ndata: {\"jsonrpc\":\"2.0\",\"id\":%s,\n", id)
	fmt.Fprint(w, "data: \"result\":{}}\n\n")
}

func (f *fakeMCP) serveGET(w http.ResponseWriter, r *http.Request, sid string) {
	if !f.listen || !f.sessions[sid] || r.Header.Get("Accept") != "text/event-stream" {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	fmt.Fprint(w, "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\"}\n\n")
	w.(http.Flusher).Flush()
	f.mu.Unlock()
	<-r.Context().Done()
	f.mu.Lock()
}

// peer drives a Conn in a test: what it receives goes to a channel.
type peer struct {
	t    *testing.T
	c    Conn
	msgs chan string
	done chan error
}

func newPeer(t *testing.T, c Conn) *peer {
	t.Helper()
	p := &peer{t: t, c: c, msgs: make(chan string, 64), done: make(chan error, 1)}
	go func() {
		for {
			m, err := c.Recv()
			if err != nil {
				p.done <- err
				close(p.msgs)
				return
			}
			p.msgs <- string(m)
		}
	}()
	t.Cleanup(func() {
		c.Close()
		for range p.msgs {
		}
	})
	return p
}

func (p *peer) send(msgs ...string) {
	p.t.Helper()
	buf := p.c.Begin()
	for _, m := range msgs {
		buf = append(append(buf, m...), '\n')
	}
	if err := p.c.Commit(buf, true); err != nil {
		p.t.Fatalf("send: %v", err)
	}
}

func (p *peer) recv() string {
	p.t.Helper()
	select {
	case m, ok := <-p.msgs:
		if !ok {
			p.t.Fatalf("connection ended: %v", <-p.done)
		}
		return m
	case <-time.After(5 * time.Second):
		p.t.Fatal("nothing received in 5 s")
	}
	return ""
}

const testInit = `{"jsonrpc":"2.0","id":-1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`

// initialize runs the handshake the way mcpwire's client does.
func (p *peer) initialize() {
	p.t.Helper()
	p.send(testInit)
	if m := p.recv(); !strings.Contains(m, `"serverInfo"`) {
		p.t.Fatalf("initialize answered %s", m)
	}
	p.c.(VersionSetter).SetProtocolVersion("2025-06-18")
	p.send(string(initializedNote))
}

func dialFake(t *testing.T, f *fakeMCP, opts HTTPOptions) (*HTTPConn, *peer) {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := DialHTTP(context.Background(), srv.URL+"/mcp", opts)
	if err != nil {
		t.Fatal(err)
	}
	return c, newPeer(t, c)
}

func TestHTTPConnSessionAndHeaders(t *testing.T) {
	f := newFakeMCP()
	c, p := dialFake(t, f, HTTPOptions{Header: http.Header{"Authorization": {"Bearer SECRET"}}})
	p.initialize()
	p.send(`{"jsonrpc":"2.0","id":1,"method":"ping"}`, `{"jsonrpc":"2.0","id":2,"method":"ping"}`)
	got := map[string]bool{p.recv(): true, p.recv(): true}
	for _, want := range []string{`{"jsonrpc":"2.0","id":1,"result":{}}`, `{"jsonrpc":"2.0","id":2,"result":{}}`} {
		if !got[want] {
			t.Errorf("missing %s in %v", want, got)
		}
	}
	if c.SessionID() != "s1" || c.Proto() != "HTTP/1.1" {
		t.Errorf("session %q, proto %q", c.SessionID(), c.Proto())
	}
	c.Close()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.deletes) != 1 || f.deletes[0] != "s1" {
		t.Errorf("DELETEs %q, want one for s1", f.deletes)
	}
	for i, h := range f.headers {
		if h.Get("Authorization") != "Bearer SECRET" || h.Get("Content-Type") != "application/json" ||
			!strings.Contains(h.Get("Accept"), "text/event-stream") || !strings.Contains(h.Get("Accept"), "application/json") {
			t.Errorf("POST %d headers %v", i, h)
		}
		if i > 0 && h.Get("Mcp-Session-Id") != "s1" {
			t.Errorf("POST %d without the session: %v", i, h)
		}
	}
	if len(f.versions) != 1 || !f.versions["2025-06-18"] {
		t.Errorf("protocol versions after initialize %v, want only 2025-06-18", f.versions)
	}
}

func TestHTTPConnEventStreams(t *testing.T) {
	f := newFakeMCP()
	f.sse, f.notifyFirst, f.askPing, f.listen = true, true, true, true
	_, p := dialFake(t, f, HTTPOptions{})
	p.initialize()
	if m := p.recv(); !strings.Contains(m, "notifications/message") {
		t.Fatalf("the GET stream's notification: got %s", m)
	}
	p.send(`{"jsonrpc":"2.0","id":5,"method":"ping"}`)
	for _, want := range []string{
		`{"jsonrpc":"2.0","method":"notifications/progress"}`,
		`{"jsonrpc":"2.0","id":"srv-1","method":"ping"}`,
		"{\"jsonrpc\":\"2.0\",\"id\":5,\n\"result\":{}}",
	} {
		if m := p.recv(); m != want {
			t.Fatalf("got %q, want %q (in order)", m, want)
		}
	}
	p.send(`{"jsonrpc":"2.0","id":"srv-1","result":{}}`)
	select {
	case a := <-f.answers:
		if !strings.Contains(a, `"srv-1"`) {
			t.Errorf("the server got %s", a)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the answer to the server's ping never came")
	}
}

func TestHTTPConnSessionExpired(t *testing.T) {
	f := newFakeMCP()
	c, p := dialFake(t, f, HTTPOptions{})
	p.initialize()
	f.forget()
	p.send(`{"jsonrpc":"2.0","id":9,"method":"ping"}`)
	m := p.recv()
	if !strings.Contains(m, `"id":9,"error"`) || !strings.Contains(m, "HTTP 404") || !strings.Contains(m, "re-initialization 1") {
		t.Fatalf("the refused request's answer: %s", m)
	}
	if c.Reinits() != 1 || c.SessionID() != "s2" {
		t.Fatalf("reinits %d, session %q; want 1, s2", c.Reinits(), c.SessionID())
	}
	p.send(`{"jsonrpc":"2.0","id":10,"method":"ping"}`)
	if m := p.recv(); m != `{"jsonrpc":"2.0","id":10,"result":{}}` {
		t.Fatalf("after the new session: %s", m)
	}
}

func TestHTTPConnErrorsAnswerRequests(t *testing.T) {
	f := newFakeMCP()
	_, p := dialFake(t, f, HTTPOptions{Header: http.Header{"Authorization": {"Bearer SECRET"}}})
	p.initialize()
	f.mu.Lock()
	f.fail = http.StatusInternalServerError
	f.mu.Unlock()
	p.send(`{"jsonrpc":"2.0","id":"q","method":"ping"}`)
	m := p.recv()
	if !strings.Contains(m, `"id":"q","error"`) || !strings.Contains(m, "HTTP 500") || !strings.Contains(m, "it failed, as asked") {
		t.Fatalf("got %s", m)
	}
	if strings.Contains(m, "SECRET") {
		t.Fatalf("a header value in an error: %s", m)
	}
}

func TestHTTPConnUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/mcp?token=SECRET"
	srv.Close()
	c, err := DialHTTP(context.Background(), url, HTTPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p := newPeer(t, c)
	p.send(testInit)
	select {
	case m, ok := <-p.msgs:
		if ok {
			t.Fatalf("got %s", m)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no end")
	}
	err = <-p.done
	if err == nil || !strings.Contains(err.Error(), "refused") || strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("error %v: want the dial's, without the token", err)
	}
	if err := c.Commit(c.Begin(), true); err == nil {
		t.Error("Commit on a broken connection succeeded")
	}
}

func TestHTTPConnHTTP2OverTLS(t *testing.T) {
	f := newFakeMCP()
	srv := httptest.NewUnstartedServer(f)
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	for _, tc := range []struct {
		name    string
		opts    HTTPOptions
		wantErr bool
	}{
		{name: "verified", opts: HTTPOptions{TLSConfig: srv.Client().Transport.(*http.Transport).TLSClientConfig}},
		{name: "insecure", opts: HTTPOptions{Insecure: true}},
		{name: "unknown certificate", opts: HTTPOptions{}, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := DialHTTP(context.Background(), srv.URL, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			p := newPeer(t, c)
			if tc.wantErr {
				p.send(testInit)
				if _, ok := <-p.msgs; ok {
					t.Fatal("an answer from a server whose certificate is not trusted")
				}
				if err := <-p.done; !strings.Contains(err.Error(), "certificate") {
					t.Fatalf("error %v", err)
				}
				return
			}
			p.initialize()
			if c.Proto() != "HTTP/2.0" {
				t.Errorf("proto %q, want HTTP/2.0", c.Proto())
			}
		})
	}
}

func TestDialHTTPRejectsOtherSchemes(t *testing.T) {
	for _, u := range []string{"ftp://h/x", "127.0.0.1:80", "http://"} {
		if _, err := DialHTTP(context.Background(), u, HTTPOptions{}); err == nil {
			t.Errorf("DialHTTP(%q) succeeded", u)
		}
	}
}

func TestHTTPConnDispatchesOnTheReceivingGoroutine(t *testing.T) {
	f := newFakeMCP()
	f.sse, f.notifyFirst = true, true
	c, p := dialFake(t, f, HTTPOptions{})
	p.initialize()
	got := make(chan string, 8)
	c.SetDispatch(func(msg []byte) { got <- string(msg) })
	p.send(`{"jsonrpc":"2.0","id":7,"method":"ping"}`)
	for _, want := range []string{`{"jsonrpc":"2.0","method":"notifications/progress"}`, "{\"jsonrpc\":\"2.0\",\"id\":7,\n\"result\":{}}"} {
		select {
		case m := <-got:
			if m != want {
				t.Fatalf("dispatched %q, want %q", m, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("nothing dispatched")
		}
	}
	select {
	case m := <-p.msgs:
		t.Fatalf("Recv returned %q although a dispatch function takes the messages", m)
	default:
	}
}
