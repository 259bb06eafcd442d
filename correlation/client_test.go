package correlation

import (
	"github.com/mcptop/mcptop/workload"

	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"
)

// kinds is every table; each behavioural test runs against all of them.
var kinds = []Kind{OwnerMap, MutexMap, SyncMap, SlotRing}

// hangGuard bounds how long a test waits for something that must happen, so
// a bug fails the test instead of hanging it. It asserts nothing about speed.
const hangGuard = 20 * time.Second

// manualClient returns a client whose transport has no responders: the test
// reads the requests and writes the responses itself.
func manualClient(t *testing.T, k Kind, timeout time.Duration) *Client {
	t.Helper()
	c := newClient(k, 0, timeout)
	t.Cleanup(func() { c.Close() })
	return c
}

// takeRequests reads n requests off the wire.
func takeRequests(t *testing.T, c *Client, n int) []item {
	t.Helper()
	var out []item
	for len(out) < n {
		select {
		case b := <-c.tr.reqs:
			out = append(out, b.items[:b.n]...)
		case <-time.After(hangGuard):
			t.Fatalf("got %d of %d requests", len(out), n)
		}
	}
	if len(out) != n {
		t.Fatalf("got %d requests, want %d", len(out), n)
	}
	return out
}

// inject puts responses on the wire as the responders would, with the value
// each item carries (use answer to turn a request into its proper response).
func inject(t *testing.T, c *Client, items ...item) {
	t.Helper()
	for len(items) > 0 {
		b := new(batch)
		b.n = copy(b.items[:], items)
		items = items[b.n:]
		c.tr.resps <- b
	}
}

// answer turns requests into their correct responses.
func answer(reqs []item) []item {
	out := make([]item, len(reqs))
	for i, r := range reqs {
		out[i] = item{r.id, respond(r.val)}
	}
	return out
}

type callResult struct {
	arg, val uint64
	err      error
}

// startCalls starts n concurrent calls with args base+1..base+n.
func startCalls(ctx context.Context, c *Client, base uint64, n int) <-chan callResult {
	out := make(chan callResult, n)
	for i := range n {
		arg := base + uint64(i) + 1
		go func() {
			v, err := c.Call(ctx, arg)
			out <- callResult{arg, v, err}
		}()
	}
	return out
}

func collect(t *testing.T, ch <-chan callResult, n int) []callResult {
	t.Helper()
	out := make([]callResult, 0, n)
	for range n {
		select {
		case r := <-ch:
			out = append(out, r)
		case <-time.After(hangGuard):
			t.Fatalf("only %d of %d calls returned", len(out), n)
		}
	}
	return out
}

// barrier sends one request, which never times out, and answers it by hand.
// The reader, and the OwnerMap's owner, handle responses in arrival order, so
// once it returns every response injected before it has been handled.
func barrier(t *testing.T, c *Client) {
	t.Helper()
	p := newPipe(c, 1)
	w := &p.ws[0]
	if !p.issue(w, &workload.Tally{}) || !p.out.flush() {
		t.Fatal("barrier: client closed")
	}
	inject(t, c, answer(takeRequests(t, c, 1))...)
	if got := p.next(); got != w || w.val != respond(w.arg) {
		t.Fatalf("barrier: got waiter %p val %d", got, w.val)
	}
}

func checkStats(t *testing.T, c *Client, want Stats) {
	t.Helper()
	if got := c.Stats(); got != want {
		t.Errorf("stats = %+v, want %+v", got, want)
	}
}

func checkEmpty(t *testing.T, c *Client) {
	t.Helper()
	if n := c.Pending(); n != 0 {
		t.Errorf("pending = %d, want 0", n)
	}
}

func TestCallDeliversEachResponseToItsCaller(t *testing.T) {
	t.Parallel()
	for _, k := range kinds {
		t.Run(k.String(), func(t *testing.T) {
			t.Parallel()
			c, err := NewClient(Config{Table: k})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			const goroutines, calls = 8, 250
			var wg sync.WaitGroup
			var wrong atomic.Int64
			for g := range goroutines {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range calls {
						arg := uint64(g*calls + i + 1)
						v, err := c.Call(context.Background(), arg)
						if err != nil || v != respond(arg) {
							wrong.Add(1)
						}
					}
				}()
			}
			wg.Wait()
			if n := wrong.Load(); n != 0 {
				t.Fatalf("%d calls got an error or someone else's response", n)
			}
			checkEmpty(t, c)
			checkStats(t, c, Stats{Delivered: goroutines * calls})
		})
	}
}

func TestGiveUpRemovesEntryAndCountsLateResponse(t *testing.T) {
	t.Parallel()
	const n = 100
	tests := []struct {
		name    string
		timeout time.Duration
		cancel  bool // cancel the context instead of waiting for the timeout
		want    error
	}{
		{name: "timeout", timeout: time.Millisecond, want: context.DeadlineExceeded},
		{name: "cancel", cancel: true, want: context.Canceled},
	}
	for _, k := range kinds {
		for _, tc := range tests {
			t.Run(k.String()+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				c := manualClient(t, k, tc.timeout)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				res := startCalls(ctx, c, 0, n)
				reqs := takeRequests(t, c, n) // every request is pending now
				if tc.cancel {
					cancel()
				}
				for _, r := range collect(t, res, n) {
					if !errors.Is(r.err, tc.want) {
						t.Fatalf("call %d: err = %v, want %v", r.arg, r.err, tc.want)
					}
				}
				checkEmpty(t, c)
				checkStats(t, c, Stats{GivenUp: n})

				inject(t, c, answer(reqs)...) // every response is late
				barrier(t, c)
				checkStats(t, c, Stats{GivenUp: n, Late: n, Delivered: 1})

				inject(t, c, answer(reqs[:10])...) // and again: now duplicates
				barrier(t, c)
				checkStats(t, c, Stats{GivenUp: n, Late: n, Duplicate: 10, Delivered: 2})
				checkEmpty(t, c)
			})
		}
	}
}

func TestStrayResponsesAreDroppedNotMisdelivered(t *testing.T) {
	t.Parallel()
	for _, k := range kinds {
		t.Run(k.String(), func(t *testing.T) {
			t.Parallel()
			c := manualClient(t, k, 0)
			res := startCalls(context.Background(), c, 0, 1)
			req := takeRequests(t, c, 1)[0]

			forged := []item{
				{0, 1},                            // id zero is never issued
				{req.id + 1<<slotBits, 2},         // a later generation / id
				{req.id + 1<<50, 3},               // far in the future
				{1<<slotBits | (maxSlots - 1), 4}, // a slot nobody holds
			}
			inject(t, c, forged...)
			barrier(t, c)
			checkStats(t, c, Stats{Unknown: uint64(len(forged)), Delivered: 1})
			if n := c.Pending(); n != 1 {
				t.Fatalf("pending = %d, want the one unanswered call", n)
			}

			inject(t, c, answer([]item{req, req})...) // answer, then duplicate
			r := collect(t, res, 1)[0]
			if r.err != nil || r.val != respond(r.arg) {
				t.Fatalf("call got %d, %v; want %d", r.val, r.err, respond(r.arg))
			}
			barrier(t, c)
			checkStats(t, c, Stats{Unknown: uint64(len(forged)), Duplicate: 1, Delivered: 3})
			checkEmpty(t, c)
		})
	}
}

// A response to a request whose caller gave up must not complete the next
// request that reuses the same waiter, which for the slot ring is the same
// slot under a newer generation.
func TestStaleResponseCannotCompleteReusedWaiter(t *testing.T) {
	t.Parallel()
	for _, k := range kinds {
		t.Run(k.String(), func(t *testing.T) {
			t.Parallel()
			c := manualClient(t, k, 0)
			ctx1, cancel1 := context.WithCancel(context.Background())
			first := startCalls(ctx1, c, 0, 1)
			oldReq := takeRequests(t, c, 1)[0]
			cancel1()
			if r := collect(t, first, 1)[0]; !errors.Is(r.err, context.Canceled) {
				t.Fatalf("first call: err = %v, want context.Canceled", r.err)
			}

			res := startCalls(context.Background(), c, 100, 1)
			newReq := takeRequests(t, c, 1)[0]
			if k == SlotRing && oldReq.id&slotMask != newReq.id&slotMask {
				t.Fatalf("ids %#x and %#x do not share a slot; the test needs them to", oldReq.id, newReq.id)
			}
			if oldReq.id == newReq.id {
				t.Fatalf("reused id %#x", oldReq.id)
			}

			inject(t, c, item{oldReq.id, 0xdead})
			barrier(t, c)
			checkStats(t, c, Stats{GivenUp: 1, Late: 1, Delivered: 1})
			inject(t, c, answer([]item{newReq})...)
			r := collect(t, res, 1)[0]
			if r.err != nil || r.val != respond(r.arg) {
				t.Fatalf("second call got %#x, %v; want %#x", r.val, r.err, respond(r.arg))
			}
			checkEmpty(t, c)
		})
	}
}

// Many calls racing their own cancellation against real responders: every
// outcome is accounted for and nothing is left in the table.
func TestManyGiveUpsLeaveTableEmpty(t *testing.T) {
	t.Parallel()
	for _, k := range kinds {
		t.Run(k.String(), func(t *testing.T) {
			t.Parallel()
			// One responder keeps responses in request order, so the barrier
			// below follows every earlier response.
			c := newClient(k, 1, 0)
			defer c.Close()
			const goroutines, calls = 8, 300
			var answered, gaveUp, notSent, wrong atomic.Uint64
			// A cancellation wins the race only when the scheduler lets it;
			// on a quiet machine a round may answer every call, so rounds
			// repeat (a bounded number of times) until one gave up.
			for round := 0; round < 100 && (gaveUp.Load() == 0 || answered.Load() == 0); round++ {
				var wg sync.WaitGroup
				for g := range goroutines {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for i := range calls {
							arg := uint64((round*goroutines+g)*calls + i + 1)
							ctx, cancel := context.WithCancel(context.Background())
							if i%3 != 0 {
								go cancel() // races the response
							}
							v, err := c.Call(ctx, arg)
							cancel()
							switch {
							case errors.Is(err, errNotSent):
								notSent.Add(1) // cancelled before it was sent
							case errors.Is(err, context.Canceled):
								gaveUp.Add(1)
							case err == nil && v == respond(arg):
								answered.Add(1)
							default:
								wrong.Add(1)
							}
						}
					}()
				}
				wg.Wait()
			}
			if wrong.Load() != 0 {
				t.Fatalf("%d calls got a wrong response or error", wrong.Load())
			}
			if gaveUp.Load() == 0 || answered.Load() == 0 {
				t.Fatalf("answered %d, gave up %d: the test needs both", answered.Load(), gaveUp.Load())
			}
			if v, err := c.Call(context.Background(), 1<<40); err != nil || v != respond(1<<40) {
				t.Fatalf("barrier call: %d, %v", v, err)
			}
			checkEmpty(t, c)
			checkStats(t, c, Stats{
				Delivered: answered.Load() + 1,
				GivenUp:   gaveUp.Load(),
				Late:      gaveUp.Load(),
			})
		})
	}
}

func TestClose(t *testing.T) {
	t.Parallel()
	for _, k := range kinds {
		t.Run(k.String(), func(t *testing.T) {
			t.Parallel()
			c := newClient(k, 0, 0)
			res := startCalls(context.Background(), c, 0, 3)
			takeRequests(t, c, 3)
			if err := c.Close(); err != nil {
				t.Fatal(err)
			}
			for _, r := range collect(t, res, 3) {
				if !errors.Is(r.err, ErrClosed) {
					t.Errorf("blocked call: err = %v, want ErrClosed", r.err)
				}
			}
			if _, err := c.Call(context.Background(), 1); !errors.Is(err, ErrClosed) {
				t.Errorf("call after close: err = %v, want ErrClosed", err)
			}
			if err := c.Close(); err != nil {
				t.Errorf("second close: %v", err)
			}
			if n := c.Pending(); n != 3 {
				t.Errorf("pending after close = %d, want the 3 unanswered", n)
			}
		})
	}
}

func TestCallWithDoneContextSendsNothing(t *testing.T) {
	t.Parallel()
	for _, k := range kinds {
		t.Run(k.String(), func(t *testing.T) {
			t.Parallel()
			c := manualClient(t, k, 0)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			if _, err := c.Call(ctx, 1); !errors.Is(err, context.Canceled) || !errors.Is(err, errNotSent) {
				t.Fatalf("err = %v, want context.Canceled and errNotSent", err)
			}
			checkEmpty(t, c)
			checkStats(t, c, Stats{})
		})
	}
}

func TestNewClientValidates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  Config
	}{
		{"unknown table", Config{Table: Kind(7)}},
		{"negative responders", Config{Responders: -1}},
		{"negative timeout", Config{Timeout: -time.Second}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if c, err := NewClient(tc.cfg); err == nil {
				c.Close()
				t.Fatalf("NewClient(%+v) succeeded", tc.cfg)
			}
		})
	}
}

func TestGiveUpsForgetsOldestBeyondLimit(t *testing.T) {
	t.Parallel()
	g := giveUps{limit: 3}
	for id := uint64(1); id <= 5; id++ {
		g.add(id)
	}
	for _, tc := range []struct {
		id   uint64
		want bool
	}{{1, false}, {2, false}, {3, true}, {3, false}, {4, true}, {5, true}, {6, false}} {
		t.Run(fmt.Sprint(tc.id), func(t *testing.T) {
			if got := g.take(tc.id); got != tc.want {
				t.Errorf("take(%d) = %v, want %v", tc.id, got, tc.want)
			}
		})
	}
	if len(g.ids) != 0 || len(g.fifo) != 3 {
		t.Errorf("ids %d fifo %d, want 0 and 3", len(g.ids), len(g.fifo))
	}
}

func TestWaiterIsOneCacheLine(t *testing.T) {
	t.Parallel()
	if n := unsafe.Sizeof(waiter{}); n != 64 {
		t.Errorf("sizeof(waiter) = %d, want 64", n)
	}
}
