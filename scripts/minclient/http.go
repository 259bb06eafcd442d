package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mcptop/mcptop/target"
	"github.com/mcptop/mcptop/workload"
)

// httpMinimal is the hand-written Streamable HTTP client: one session,
// depth goroutines each POSTing a ping and reading the whole answer, again
// and again, on a keep-alive pool as large as depth. It parses nothing of
// the answer but its status.
type httpMinimal struct {
	url    string
	client *http.Client
	tr     *http.Transport
	header http.Header
	next   atomic.Int64
	turns  []chan time.Time // one per goroutine: run until then
	counts chan int64
	wg     sync.WaitGroup
}

func startHTTP(url string, depth int) (*httpMinimal, error) {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
		MaxIdleConnsPerHost: depth * 2,
		DisableCompression:  true,
		ForceAttemptHTTP2:   true,
	}
	m := &httpMinimal{url: url, client: &http.Client{Transport: tr}, tr: tr, counts: make(chan int64, depth)}
	m.header = http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json, text/event-stream"}}
	resp, err := m.post([]byte(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"minclient","version":"1"}}}`))
	if err != nil {
		return nil, fmt.Errorf("initialize: %w", err)
	}
	if sid := resp.Header.Get("Mcp-Session-Id"); sid != "" {
		m.header["Mcp-Session-Id"] = []string{sid}
	}
	m.header["Mcp-Protocol-Version"] = []string{"2025-06-18"}
	if _, err := m.post([]byte(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)); err != nil {
		return nil, fmt.Errorf("initialized: %w", err)
	}
	for range depth {
		turn := make(chan time.Time)
		m.turns = append(m.turns, turn)
		m.wg.Add(1)
		go m.loop(turn)
	}
	return m, nil
}

// post sends body and reads the whole answer.
func (m *httpMinimal) post(body []byte) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPost, m.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header = m.header
	resp, err := m.client.Do(req)
	if err != nil {
		return nil, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err == nil && resp.StatusCode/100 != 2 {
		err = errors.New(resp.Status)
	}
	return resp, err
}

// loop runs one goroutine's turns: ping after ping until the turn's end.
func (m *httpMinimal) loop(turn chan time.Time) {
	defer m.wg.Done()
	for until := range turn {
		var n int64
		for time.Now().Before(until) {
			id := m.next.Add(1)
			body := []byte(`{"jsonrpc":"2.0","id":` + strconv.FormatInt(id, 10) + `,"method":"ping"}`)
			if _, err := m.post(body); err != nil {
				n = -1 << 40 // an error shows as a negative count
				break
			}
			n++
		}
		m.counts <- n
	}
}

// slice runs every goroutine until the deadline and returns the round
// trips completed.
func (m *httpMinimal) slice(until time.Time) (int64, error) {
	for _, t := range m.turns {
		t <- until
	}
	var n int64
	for range m.turns {
		n += <-m.counts
	}
	if n < 0 {
		return 0, errors.New("a request failed")
	}
	return n, nil
}

func (m *httpMinimal) close() {
	for _, t := range m.turns {
		close(t)
	}
	m.wg.Wait()
	m.tr.CloseIdleConnections()
}

// runHTTPCompare alternates the minimal HTTP client and mcptop's target
// pipeline against the server at url, in 100 ms turns, at depth requests
// in flight each, and prints both rates.
func runHTTPCompare(url string, depth, sessions int, duration time.Duration) error {
	m, err := startHTTP(url, depth)
	if err != nil {
		return err
	}
	defer m.close()
	t, err := target.New(context.Background(), target.Config{A: url, Timeout: 10 * time.Second})
	if err != nil {
		return err
	}
	defer t.Close()
	in, err := t.Workload().Impls[0].New(workload.Params{"depth": depth / sessions, "sessions": sessions})
	if err != nil {
		return err
	}
	defer in.Close()
	pipe := in.Worker(0).(workload.Pipeline)
	r, err := alternate(func(until time.Time) (int64, error) { return m.slice(until) }, pipe, duration)
	if err != nil {
		return err
	}
	fmt.Printf("minimal HTTP client %v (%d in flight, %d session(s), %v each, 100 ms turns)\n", r, depth, sessions, duration)
	return nil
}
