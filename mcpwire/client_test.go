package mcpwire

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/transport"
	"github.com/mcptop/mcptop/workload"
)

// peer is the server end of a net.Pipe, driven by a test script.
type peer struct {
	conn net.Conn
	lr   *transport.LineReader
}

// next returns the next message the client sent, or "" when the stream ends.
func (p *peer) next() string {
	line, err := p.lr.ReadLine()
	if err != nil {
		return ""
	}
	return string(line)
}

func (p *peer) send(msgs ...string) {
	for _, m := range msgs {
		p.conn.Write([]byte(m + "\n"))
	}
}

// idOf returns the id member of a request the client sent.
func idOf(t *testing.T, msg string) string {
	t.Helper()
	var req codec.Request
	if err := (codec.Easy{}).DecodeRequest([]byte(msg), &req); err != nil {
		t.Errorf("the client sent an invalid request %q: %v", msg, err)
		return "0"
	}
	return req.ID.String()
}

// scripted runs script against the server end of a pipe and returns a
// Stream over the client end; the script's goroutine is waited for at
// cleanup.
func scripted(t *testing.T, script func(p *peer)) *transport.Stream {
	return scriptedWith(t, transport.StreamOptions{}, script)
}

// scriptedWith is scripted with the client's Stream configured by opts.
func scriptedWith(t *testing.T, opts transport.StreamOptions, script func(p *peer)) *transport.Stream {
	t.Helper()
	c, s := net.Pipe()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer s.Close()
		script(&peer{conn: s, lr: transport.NewLineReader(s, 0)})
	}()
	t.Cleanup(func() {
		c.Close()
		wg.Wait()
	})
	return transport.NewStream(c, opts)
}

// initResult answers initialize request msg with protocol version v.
func initResult(t *testing.T, msg, v string) string {
	return fmt.Sprintf(`{"jsonrpc":"2.0","id":%s,"result":{"protocolVersion":%q,"capabilities":{"tools":{}},"serverInfo":{"name":"scripted","version":"0.1"}}}`, idOf(t, msg), v)
}

// drain reads what the client sends until it closes.
func drain(p *peer) {
	for p.next() != "" {
	}
}

func TestClientHandshake(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		answer  func(t *testing.T, init string) string
		wantErr string
		wantVer string
	}{
		{name: "newest version", answer: func(t *testing.T, m string) string { return initResult(t, m, "2025-06-18") }, wantVer: "2025-06-18"},
		{name: "older supported version", answer: func(t *testing.T, m string) string { return initResult(t, m, "2024-11-05") }, wantVer: "2024-11-05"},
		{name: "unsupported version", answer: func(t *testing.T, m string) string { return initResult(t, m, "2099-01-01") },
			wantErr: `protocol version "2099-01-01"`},
		{name: "error answer", answer: func(t *testing.T, m string) string {
			return fmt.Sprintf(`{"jsonrpc":"2.0","id":%s,"error":{"code":-32600,"message":"go away"}}`, idOf(t, m))
		}, wantErr: "go away"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			initialized := make(chan bool, 1)
			conn := scripted(t, func(p *peer) {
				init := p.next()
				if !strings.Contains(init, `"protocolVersion":"2025-06-18"`) {
					t.Errorf("initialize does not offer the newest version: %s", init)
				}
				p.send(tc.answer(t, init))
				initialized <- strings.Contains(p.next(), codec.MethodInitialized)
				drain(p)
			})
			c, err := NewClient(context.Background(), conn, ClientOptions{})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c.Close()
			if c.ProtocolVersion() != tc.wantVer || c.ServerInfo().Name != "scripted" {
				t.Fatalf("version %q, server %+v", c.ProtocolVersion(), c.ServerInfo())
			}
			if !<-initialized {
				t.Fatal("no notifications/initialized after the handshake")
			}
		})
	}
}

func TestClientAnswersServerAndSkipsNoise(t *testing.T) {
	t.Parallel()
	replies := make(chan string, 2)
	conn := scripted(t, func(p *peer) {
		init := p.next()
		// Like the reference server: a notification before the result, and
		// here also two requests of the server's own and a garbage line.
		// net.Pipe does not buffer: send while reading the replies.
		sent := make(chan struct{})
		go func() {
			defer close(sent)
			p.send(`{"method":"notifications/tools/list_changed","jsonrpc":"2.0"}`,
				`{"jsonrpc":"2.0","id":"s1","method":"ping"}`,
				`{"jsonrpc":"2.0","id":7,"method":"sampling/createMessage","params":{}}`,
				`this is not JSON`,
				initResult(t, init, "2025-06-18"))
		}()
		for range 2 {
			replies <- p.next()
		}
		<-sent
		p.next() // notifications/initialized
		ping := p.next()
		p.send(fmt.Sprintf(`{"result":{},"jsonrpc":"2.0","id":%s}`, idOf(t, ping)))
		drain(p)
	})
	c, err := NewClient(context.Background(), conn, ClientOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	want := map[string]bool{
		`{"jsonrpc":"2.0","id":"s1","result":{}}`: true,
		`{"jsonrpc":"2.0","id":7,"error":{"code":-32601,"message":"method not found: sampling/createMessage"}}`: true,
	}
	for range 2 {
		if r := <-replies; !want[r] {
			t.Errorf("unexpected reply to a server request: %s", r)
		}
	}
	resp, err := c.Call(context.Background(), &codec.Request{Method: codec.MethodPing})
	if err != nil || resp.Error != nil || resp.Result != codec.ResultEmpty {
		t.Fatalf("ping after the noise: %+v, %v", resp, err)
	}
	s := c.Stats()
	if s.Notifications != 1 || s.ServerRequests != 2 || s.Garbage != 1 || !strings.Contains(s.LastGarbage, "this is not JSON") {
		t.Fatalf("stats %+v", s)
	}
}

func TestClientPeerClosesMidMessage(t *testing.T) {
	t.Parallel()
	conn := scripted(t, func(p *peer) {
		p.send(initResult(t, p.next(), "2025-06-18"))
		p.next() // initialized
		ping := p.next()
		p.conn.Write([]byte(`{"jsonrpc":"2.0","result":{},"id":` + idOf(t, ping))) // no newline: cut off, then gone
	})
	c, err := NewClient(context.Background(), conn, ClientOptions{Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	done := make(chan error, 1)
	go func() {
		_, err := c.Call(context.Background(), &codec.Request{Method: codec.MethodPing})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("pending call ended with %v, want the stream's unexpected EOF", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a pending call hangs after the peer closed")
	}
	if _, err := c.Call(context.Background(), &codec.Request{Method: codec.MethodPing}); err == nil {
		t.Fatal("a call on a dead client succeeded")
	}
}

// pipeClient returns a client of variant v with a load of depth pings to a
// server scripted by answer, which gets each ping's id.
func pipeClient(t *testing.T, v workload.Variant, depth int, timeout time.Duration, answer func(p *peer, n int, id string) bool) *Pipeline {
	t.Helper()
	conn := scripted(t, func(p *peer) {
		p.send(initResult(t, p.next(), "2025-06-18"))
		p.next() // initialized
		for n := 0; ; n++ {
			m := p.next()
			if m == "" || !answer(p, n, idOf(t, m)) {
				return
			}
		}
	})
	load := LoadSpec{Encoder: &codecEncoder{c: codec.New(v), req: codec.Request{Method: codec.MethodPing}}, Depth: depth}
	c, err := NewClient(context.Background(), conn, ClientOptions{Stack: v, Timeout: time.Minute, Load: load})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	w, err := NewPipeline(depth, timeout, c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	return w
}

func TestPipelinePeerDies(t *testing.T) {
	t.Parallel()
	for _, v := range workload.Variants {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			// The server answers 100 pings, then reads a little and closes.
			w := pipeClient(t, v, 8, time.Minute, func(p *peer, n int, id string) bool {
				if n < 100 {
					p.send(`{"jsonrpc":"2.0","id":` + id + `,"result":{}}`)
				}
				return n < 103
			})
			start := time.Now()
			rec := workload.Tally{Keep: true}
			w.Run(func() bool { return false }, &rec)
			if time.Since(start) > 30*time.Second {
				t.Fatalf("Run took %v after the peer died", time.Since(start))
			}
			if rec.Ops-rec.Errs != 100 || len(rec.Latencies) != 100 || rec.Errs == 0 || rec.Last == nil {
				t.Fatalf("ops %d, errs %d, recorded %d, last %v: want 100 answered and the rest failed",
					rec.Ops, rec.Errs, len(rec.Latencies), rec.Last)
			}
			if msg := rec.Last.Error(); !strings.Contains(msg, "server closed the connection") && !strings.Contains(msg, "writing to the server failed") {
				t.Fatalf("last error %q does not say the server went away", rec.Last)
			}
			// Each later Run reports the dead server once, at once.
			var again workload.Tally
			w.Run(func() bool { return false }, &again)
			if again.Ops != 1 || again.Errs != 1 || again.Last == nil {
				t.Fatalf("Run on a dead client: ops %d errs %d last %v", again.Ops, again.Errs, again.Last)
			}
		})
	}
}

func TestPipelineTimeouts(t *testing.T) {
	t.Parallel()
	for _, v := range workload.Variants {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			// The server answers the first 10 requests and then only every
			// other one, late; given-up requests count as errors and their
			// late answers are dropped.
			var late []string
			w := pipeClient(t, v, 4, 30*time.Millisecond, func(p *peer, n int, id string) bool {
				switch {
				case n < 10:
					p.send(`{"jsonrpc":"2.0","id":` + id + `,"result":{}}`)
				case n%2 == 0:
					late = append(late, id)
				default:
					for _, l := range late {
						p.send(`{"jsonrpc":"2.0","id":` + l + `,"result":{}}`)
					}
					late = late[:0]
				}
				return true
			})
			rec := workload.Tally{Keep: true}
			calls := 0
			w.Run(func() bool { calls++; return calls > 40 }, &rec)
			if rec.Errs == 0 || rec.Timeouts != rec.Errs || !strings.Contains(fmt.Sprint(rec.Last), "no response within 30ms") {
				t.Fatalf("ops %d errs %d timeouts %d last %v: want timeouts", rec.Ops, rec.Errs, rec.Timeouts, rec.Last)
			}
			n := int64(len(rec.Latencies))
			if n < 10 || n+rec.Errs != rec.Ops || rec.TimedN != rec.Ops {
				t.Fatalf("ops %d, errs %d, latencies %d, timed %d: every request, given up or not, is timed",
					rec.Ops, rec.Errs, n, rec.TimedN)
			}
			if w.inflight != 0 {
				t.Fatalf("%d requests still in flight after Run", w.inflight)
			}
		})
	}
}

func TestServerAnswers(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in, want string
	}{
		{"ping", `{"jsonrpc":"2.0","id":1,"method":"ping"}`, `{"jsonrpc":"2.0","id":1,"result":{}}`},
		{"echo", `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}`,
			`{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"hi"}],"isError":false}}`},
		{"unknown tool", `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"nope","arguments":{}}}`,
			`{"jsonrpc":"2.0","id":3,"error":{"code":-32602,"message":"unknown tool: nope"}}`},
		{"unknown method", `{"jsonrpc":"2.0","id":"x","method":"resources/list"}`,
			`{"jsonrpc":"2.0","id":"x","error":{"code":-32601,"message":"method not found: resources/list"}}`},
		{"garbage", `{nope`, `"id":null,"error":{"code":-32700`},
		{"initialize old version", `{"jsonrpc":"2.0","id":4,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`,
			`"protocolVersion":"2024-11-05"`},
		{"tools/list", `{"jsonrpc":"2.0","id":5,"method":"tools/list"}`, `"tools":[{"name":"echo"`},
	}
	for _, v := range workload.Variants {
		for _, tc := range cases {
			t.Run(v.String()+" "+tc.name, func(t *testing.T) {
				t.Parallel()
				srv := NewServer(ServerOptions{Stack: v})
				defer srv.Close()
				c, s := net.Pipe()
				defer c.Close()
				go srv.ServeConn(transport.NewStream(s, transport.StreamOptions{}))
				c.Write([]byte(`{"jsonrpc":"2.0","method":"notifications/initialized"}` + "\n" + tc.in + "\r\n"))
				lr := transport.NewLineReader(c, 0)
				line, err := lr.ReadLine()
				if err != nil {
					t.Fatal(err)
				}
				if got := string(line); !strings.Contains(got, tc.want) {
					t.Fatalf("answer %s, want %s", got, tc.want)
				}
			})
		}
	}
}

func TestClientLineLimit(t *testing.T) {
	t.Parallel()
	conn := scriptedWith(t, transport.StreamOptions{MaxMessage: 256}, func(p *peer) {
		p.send(initResult(t, p.next(), "2025-06-18"))
		p.next() // initialized
		ping := p.next()
		p.send(`{"jsonrpc":"2.0","id":` + idOf(t, ping) + `,"result":{"pad":"` + strings.Repeat("x", 300) + `"}}`)
		drain(p)
	})
	c, err := NewClient(context.Background(), conn, ClientOptions{Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.Call(context.Background(), &codec.Request{Method: codec.MethodPing})
	if !errors.Is(err, transport.ErrTooLong) || !strings.Contains(err.Error(), "limit 256") {
		t.Fatalf("a response past the line limit gave %v", err)
	}
}

// versioned is a Conn that must be told the protocol version, and records
// whether it knew it when notifications/initialized left.
type versioned struct {
	*transport.Stream
	version       string
	knewAtInitial string
}

func (v *versioned) SetProtocolVersion(s string) { v.version = s }

func (v *versioned) Commit(buf []byte, flush bool) error {
	if strings.Contains(string(buf), codec.MethodInitialized) {
		v.knewAtInitial = v.version
	}
	return v.Stream.Commit(buf, flush)
}

func TestClientTellsTheTransportTheVersion(t *testing.T) {
	t.Parallel()
	conn := &versioned{Stream: scripted(t, func(p *peer) {
		p.send(initResult(t, p.next(), "2025-03-26"))
		drain(p)
	})}
	c, err := NewClient(context.Background(), conn, ClientOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if conn.version != "2025-03-26" || conn.knewAtInitial != "2025-03-26" {
		t.Fatalf("version told %q, known when initialized was sent %q", conn.version, conn.knewAtInitial)
	}
}

func TestLoadDepthChecked(t *testing.T) {
	t.Parallel()
	conn := scripted(t, drain)
	if _, err := NewClient(context.Background(), conn, ClientOptions{Load: LoadSpec{Depth: MaxDepth + 1}}); err == nil {
		t.Fatal("a client took a load deeper than MaxDepth")
	}
	conn = scripted(t, func(p *peer) {
		p.send(initResult(t, p.next(), "2025-06-18"))
		drain(p)
	})
	c, err := NewClient(context.Background(), conn, ClientOptions{Load: LoadSpec{Encoder: &codecEncoder{c: codec.Easy{}}, Depth: 4}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	cases := []struct {
		name  string
		depth int
		ok    bool
	}{{"within", 4, true}, {"deeper than the client's load", 5, false}, {"zero", 0, false}}
	for _, tc := range cases {
		p, err := NewPipeline(tc.depth, time.Second, c)
		if (err == nil) != tc.ok {
			t.Fatalf("%s: NewPipeline(%d) error %v", tc.name, tc.depth, err)
		}
		if p != nil {
			p.Close()
		}
	}
}
