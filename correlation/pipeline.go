package correlation

import (
	"errors"
	"fmt"
	"time"

	"github.com/mcptop/mcptop/workload"
)

// errMisdelivered reports a response that does not answer the request its
// waiter sent: the one failure the correlation table must never produce.
var errMisdelivered = errors.New("correlation: response delivered to the wrong request")

// pipe is one pipelined caller: it keeps depth requests in flight on a
// client, each in a waiter of its own that is reused for the next request as
// soon as its response arrives. Issue times are kept in the waiters, so an
// operation allocates nothing.
type pipe struct {
	c    *Client
	ws   []waiter
	done *sink      // every waiter's
	cur  *doneBatch // completions being consumed
	pos  int        // next one in cur
	out  sender
	base time.Time // issue and completion times are offsets from base
	arg  uint64
}

var (
	_ workload.Pipeline = (*pipe)(nil)
	_ workload.Worker   = (*pipe)(nil)
)

func newPipe(c *Client, depth int) *pipe {
	p := &pipe{
		c:    c,
		ws:   make([]waiter, depth),
		done: newSink(depth),
		out:  sender{t: c.tr},
		base: time.Now(),
	}
	for i := range p.ws {
		w := &p.ws[i]
		w.sink = p.done
		c.t.bind(w)
	}
	return p
}

// issue sends w's next request, stamped with the issue time now.
func (p *pipe) issue(w *waiter, now time.Duration) bool {
	p.arg++
	w.arg = p.arg
	w.start = now
	return p.c.t.send(w, &p.out)
}

// next returns the next waiter whose response arrived, transmitting queued
// requests first if it has to wait; nil means the client closed.
func (p *pipe) next() *waiter {
	if d := p.cur; d != nil {
		if p.pos < d.n {
			w := d.ws[p.pos]
			p.pos++
			return w
		}
		p.cur = nil
		p.done.release(d)
	}
	var d *doneBatch
	select {
	case d = <-p.done.ch:
	default:
		if !p.c.t.flush(&p.out) {
			return nil
		}
		select {
		case d = <-p.done.ch:
		case <-p.c.quit:
			return nil
		}
	}
	p.cur, p.pos = d, 1
	return d.ws[0]
}

// Run keeps len(ws) requests in flight until stop reports true, then waits
// for every outstanding one. Each completed request's latency, from issue to
// the moment this goroutine sees its response, goes to rec. One clock read
// per request serves both the completion of one request and the issue of the
// next.
func (p *pipe) Run(stop func() bool, rec workload.Recorder) (ops, errs int64, last error) {
	now := time.Since(p.base)
	inflight := 0
	for i := range p.ws {
		if !p.issue(&p.ws[i], now) {
			return ops, errs + 1, ErrClosed
		}
		inflight++
	}
	stopping := false
	for inflight > 0 {
		w := p.next()
		if w == nil {
			return ops, errs + 1, ErrClosed
		}
		now = time.Since(p.base)
		rec.Record(now - w.start)
		ops++
		if w.val != respond(w.arg) {
			errs++
			last = fmt.Errorf("%w: id %d arg %d got %d", errMisdelivered, w.id, w.arg, w.val)
		}
		if !stopping && stop() {
			stopping = true
		}
		if stopping {
			inflight--
			continue
		}
		if !p.issue(w, now) {
			return ops, errs + 1, ErrClosed
		}
	}
	return ops, errs, last
}

// Op performs one request and waits for it, for an engine that times plain
// workers.
func (p *pipe) Op() error {
	w := &p.ws[0]
	if !p.issue(w, 0) {
		return ErrClosed
	}
	if w = p.next(); w == nil {
		return ErrClosed
	}
	if w.val != respond(w.arg) {
		return fmt.Errorf("%w: id %d arg %d got %d", errMisdelivered, w.id, w.arg, w.val)
	}
	return nil
}
