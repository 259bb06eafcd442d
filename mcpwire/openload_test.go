package mcpwire

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/workload"
)

// stopAfter is a stop function that reports true from d on.
func stopAfter(d time.Duration) func() bool {
	end := time.Now().Add(d)
	return func() bool { return time.Now().After(end) }
}

// TestE2EOpenLoop: an open-loop e2e pipeline sends on its timetable, its
// share of the rate (its connections' share), is full before its first
// send, and reports every request as an open-loop one, timed from its
// intended send with a service time no longer than that.
func TestE2EOpenLoop(t *testing.T) {
	for _, impl := range []string{"mcptop-std", "mcptop-opt"} {
		t.Run(impl, func(t *testing.T) {
			w := E2EWorkload()
			p := w.Defaults()
			p["conns"], p[workload.RateParam], p[workload.MaxInflightParam] = 2, 2000, 64
			im, _ := w.Impl(impl)
			in, err := im.New(p)
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			pw := in.Worker(0).(workload.Pipeline)
			in.Worker(1) // a second worker takes the second connection: half the rate each
			rec := workload.Tally{Keep: true}
			const d = 300 * time.Millisecond
			pw.Run(stopAfter(d), &rec)
			if rec.Errs != 0 || rec.Ops == 0 || rec.Open != rec.Ops || rec.Sched.Sent != rec.Ops || rec.Fulls != 1 || rec.Drains != 1 {
				t.Fatalf("ops %d errs %d (last %v), open %d, sent %d, fulls %d, drains %d",
					rec.Ops, rec.Errs, rec.Last, rec.Open, rec.Sched.Sent, rec.Fulls, rec.Drains)
			}
			if want := 1000 * d.Seconds(); float64(rec.Ops) < want/2 || float64(rec.Ops) > want*1.5 {
				t.Errorf("%d requests in %v at 1000/s (the pipeline's half of 2000/s)", rec.Ops, d)
			}
			if len(rec.Services) != len(rec.Latencies) {
				t.Fatalf("%d service times for %d latencies", len(rec.Services), len(rec.Latencies))
			}
			for i, s := range rec.Services {
				if s <= 0 || s > rec.Latencies[i] {
					t.Fatalf("op %d: service time %v, latency from the intended send %v", i, s, rec.Latencies[i])
				}
			}
		})
	}
}

// TestOpenLoopCap: with at most 4 requests in flight against a server
// that answers each 20 ms late, sends wait for free slots: they are capped
// and late, never more than 4 outstanding, none missed, and their latency
// from the intended send exceeds their service time.
func TestOpenLoopCap(t *testing.T) {
	t.Parallel()
	for _, v := range workload.Variants {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			var wg sync.WaitGroup
			out, most := 0, 0
			w := pipeClient(t, v, 4, time.Minute, func(p *peer, n int, id string) bool {
				mu.Lock()
				out++
				most = max(most, out)
				mu.Unlock()
				wg.Add(1)
				time.AfterFunc(20*time.Millisecond, func() {
					defer wg.Done()
					mu.Lock()
					out--
					mu.Unlock()
					p.send(`{"jsonrpc":"2.0","id":` + id + `,"result":{}}`)
				})
				return true
			})
			w.open = &OpenLoad{Rate: 400, MaxInflight: 4, Clients: 1}
			rec := workload.Tally{Keep: true}
			w.Run(stopAfter(150*time.Millisecond), &rec)
			wg.Wait()
			mu.Lock()
			defer mu.Unlock()
			switch s := rec.Sched; {
			case most > 4:
				t.Fatalf("%d requests outstanding at once; the cap is 4", most)
			case rec.Errs != 0 || rec.Ops == 0:
				t.Fatalf("ops %d errs %d (%v)", rec.Ops, rec.Errs, rec.Last)
			case s.Capped == 0 || s.Missed != 0 || s.Behind < int64(10*time.Millisecond) || s.Sent != rec.Ops:
				t.Fatalf("schedule %+v for %d ops: want capped sends, none missed, ≥ 10 ms behind", s, rec.Ops)
			}
			longer := 0
			for i, s := range rec.Services {
				if rec.Latencies[i] > s+5*time.Millisecond {
					longer++
				}
			}
			if longer == 0 {
				t.Errorf("no request waited to be sent: latencies %v, services %v", rec.Latencies, rec.Services)
			}
		})
	}
}

// mixPeer answers ping with {}, tools/list with one tool and tools/call
// with an isError result.
func mixPeer(t *testing.T, p *peer) {
	p.send(initResult(t, p.next(), "2025-06-18"))
	p.next() // initialized
	for {
		m := p.next()
		if m == "" {
			return
		}
		var req codec.Request
		if err := (codec.Easy{}).DecodeRequest([]byte(m), &req); err != nil {
			t.Errorf("bad request %q: %v", m, err)
			return
		}
		id := req.ID.String()
		switch req.Method {
		case codec.MethodListTools:
			p.send(`{"jsonrpc":"2.0","id":` + id + `,"result":{"tools":[{"name":"echo","inputSchema":{"type":"object"}}]}}`)
		case codec.MethodCallTool:
			p.send(`{"jsonrpc":"2.0","id":` + id + `,"result":{"content":[{"type":"text","text":"no"}],"isError":true}}`)
		default:
			p.send(`{"jsonrpc":"2.0","id":` + id + `,"result":{}}`)
		}
	}
}

type rawEncoder string

func (e rawEncoder) AppendRequest(dst []byte, id int64) ([]byte, error) {
	s := strings.Replace(string(e), "ID", itoa(id), 1)
	return append(dst, s...), nil
}

func itoa(n int64) string {
	return strings.TrimSpace(strings.Replace(codec.IntID(n).String(), `"`, "", -1))
}

var errToolFailed = errors.New("tool failed")

// TestMixedKinds: a mix of three kinds is sent in its weights' proportions
// (exactly, over whole rounds), each response decoded as its own method's
// (a tools/list result on a client whose first method is ping) and judged
// by its own check, closed loop and open, on both stacks.
func TestMixedKinds(t *testing.T) {
	t.Parallel()
	kinds := []LoadKind{
		{Name: "ping", Method: codec.MethodPing, Encoder: rawEncoder(`{"jsonrpc":"2.0","id":ID,"method":"ping"}`), Weight: 1},
		{Name: "tools/list", Method: codec.MethodListTools, Encoder: rawEncoder(`{"jsonrpc":"2.0","id":ID,"method":"tools/list"}`), Weight: 3,
			Check: func(r *codec.Response) error {
				if r.Result != codec.ResultListTools || len(r.ListTools.Tools) != 1 {
					return errors.New("not a tools/list result")
				}
				return nil
			}},
		{Name: "tools/call:echo", Method: codec.MethodCallTool, Weight: 2,
			Encoder: rawEncoder(`{"jsonrpc":"2.0","id":ID,"method":"tools/call","params":{"name":"echo","arguments":{}}}`),
			Check: func(r *codec.Response) error {
				if r.CallTool.IsError {
					return errToolFailed
				}
				return nil
			}},
	}
	for _, v := range workload.Variants {
		for _, open := range []bool{false, true} {
			t.Run(v.String()+map[bool]string{false: " closed", true: " open"}[open], func(t *testing.T) {
				t.Parallel()
				conn := scripted(t, func(p *peer) { mixPeer(t, p) })
				c, err := NewClient(context.Background(), conn, ClientOptions{Stack: v, Timeout: time.Minute,
					Load: LoadSpec{Kinds: kinds, Depth: 6}})
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				w, err := NewPipeline(6, time.Minute, c)
				if err != nil {
					t.Fatal(err)
				}
				defer w.Close()
				if open {
					w.open = &OpenLoad{Rate: 20_000, MaxInflight: 6, Clients: 1}
				}
				var rec workload.Tally
				for rec.Ops < 600 {
					w.Run(stopAfter(20*time.Millisecond), &rec)
				}
				k := rec.KindOps
				if k[0] == 0 || k[0]+k[1]+k[2] != rec.Ops || rec.Errs != k[2] || rec.Last == nil || !errors.Is(rec.Last, errToolFailed) {
					t.Fatalf("by kind %v of %d ops, %d errors (last %v): want the tool calls, and only they, failed", k[:3], rec.Ops, rec.Errs, rec.Last)
				}
				if r1, r2 := float64(k[1])/float64(k[0]), float64(k[2])/float64(k[0]); r1 < 2.8 || r1 > 3.2 || r2 < 1.8 || r2 > 2.2 {
					t.Fatalf("by kind %v: want 1:3:2", k[:3])
				}
			})
		}
	}
}

func TestMixerIsExact(t *testing.T) {
	t.Parallel()
	m := newMixer([]LoadKind{{Weight: 1}, {Weight: 3}, {Weight: 2}})
	var n [3]int
	seq := ""
	for i := range 600 {
		k := m.next()
		n[k]++
		if i < 6 {
			seq += string('a' + rune(k))
		}
	}
	if n != [3]int{100, 300, 200} || strings.Count(seq, "b") != 3 || strings.Contains(seq, "bbb") {
		t.Fatalf("counts %v, first round %q: want exact shares, spread", n, seq)
	}
}
