package mcpwire

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/transport"
)

// httpHandler serves the built-in server over Streamable HTTP: each POST
// one message, answered with one application/json body (or 202 for a
// notification); a session begun by initialize, named by Mcp-Session-Id,
// required on every later request and ended by DELETE. The server sends
// nothing unasked, so GET (the server's own stream) is 405.
type httpHandler struct {
	s        *Server
	max      int
	mu       sync.RWMutex
	sessions map[string]struct{}
	scratch  sync.Pool // *httpScratch
}

// httpScratch is what one POST needs, reused.
type httpScratch struct {
	body, out []byte
	req       codec.Request
	resp      codec.Response
}

// Header values the handler sends, shared (net/http only reads them).
var (
	jsonType    = []string{"application/json"}
	allowHeader = []string{"POST, DELETE"}
)

// HTTPHandler returns the server as a Streamable HTTP endpoint (MCP
// 2025-03-26 and later), answering in JSON. Sessions live until DELETE or
// the handler is dropped.
func (s *Server) HTTPHandler() http.Handler {
	max := s.opts.MaxMessage
	if max <= 0 {
		max = transport.DefaultMaxMessage
	}
	h := &httpHandler{s: s, max: max, sessions: map[string]struct{}{}}
	h.scratch.New = func() any { return new(httpScratch) }
	return h
}

func (h *httpHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if v := r.Header.Get("Mcp-Protocol-Version"); v != "" && !slices.Contains(ProtocolVersions, v) {
		http.Error(w, "unsupported MCP-Protocol-Version "+strconv.Quote(v), http.StatusBadRequest)
		return
	}
	switch r.Method {
	case http.MethodPost:
		h.post(w, r)
	case http.MethodDelete:
		sid := r.Header.Get("Mcp-Session-Id")
		h.mu.Lock()
		_, ok := h.sessions[sid]
		delete(h.sessions, sid)
		h.mu.Unlock()
		if !ok {
			http.Error(w, "no such session", http.StatusNotFound)
		}
	default:
		w.Header()["Allow"] = allowHeader
		http.Error(w, "this server sends nothing unasked: POST messages, DELETE the session", http.StatusMethodNotAllowed)
	}
}

func (h *httpHandler) post(w http.ResponseWriter, r *http.Request) {
	sc := h.scratch.Get().(*httpScratch)
	defer h.scratch.Put(sc)
	body, err := transport.ReadBody(r.Body, r.ContentLength, sc.body[:0], h.max)
	sc.body = body
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	respond := h.s.handle(body, &sc.req, &sc.resp)
	sid := r.Header.Get("Mcp-Session-Id")
	if sc.req.Method == codec.MethodInitialize && sc.resp.Error == nil {
		sid = newSessionID()
		h.mu.Lock()
		h.sessions[sid] = struct{}{}
		h.mu.Unlock()
		w.Header().Set("Mcp-Session-Id", sid)
	} else if code, msg := h.checkSession(sid); code != 0 {
		http.Error(w, msg, code)
		return
	}
	if !respond {
		w.WriteHeader(http.StatusAccepted)
		return
	}
	sc.out, err = h.s.codec.AppendResponse(sc.out[:0], &sc.resp)
	if err != nil {
		http.Error(w, fmt.Sprintf("encode response: %v", err), http.StatusInternalServerError)
		return
	}
	hd := w.Header()
	hd["Content-Type"] = jsonType
	hd["Content-Length"] = []string{strconv.Itoa(len(sc.out))}
	w.Write(sc.out)
}

// checkSession says what is wrong with a request's session, if anything:
// a status and why.
func (h *httpHandler) checkSession(sid string) (int, string) {
	if sid == "" {
		return http.StatusBadRequest, "no Mcp-Session-Id: initialize first"
	}
	h.mu.RLock()
	_, ok := h.sessions[sid]
	h.mu.RUnlock()
	if !ok {
		return http.StatusNotFound, "no such session"
	}
	return 0, ""
}

func newSessionID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
