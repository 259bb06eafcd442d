package correlation

import (
	"errors"
	"fmt"

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
	c        *Client
	ws       []waiter
	done     *sink      // every waiter's
	cur      *doneBatch // completions being consumed
	pos      int        // next one in cur
	out      sender
	arg      uint64
	sampling workload.Sampling // which requests are timed
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
		out:  sender{tbl: c.t, t: c.tr},
	}
	for i := range p.ws {
		w := &p.ws[i]
		w.sink = p.done
		c.t.bind(w)
	}
	return p
}

// issue sends w's next request; when the recorder's sampling says so, the
// request is timed from now.
func (p *pipe) issue(w *waiter, rec workload.Recorder) bool {
	p.arg++
	w.arg = p.arg
	w.timed = p.sampling.Next(rec)
	if w.timed {
		w.start = workload.Now()
	}
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
		if !p.out.flush() {
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

// check says what is wrong with w's response, if anything.
func check(w *waiter) error {
	if w.val != respond(w.arg) {
		return fmt.Errorf("%w: id %d arg %d got %d", errMisdelivered, w.id, w.arg, w.val)
	}
	return nil
}

// Run keeps len(ws) requests in flight until stop reports true, then waits
// for every outstanding one. A timed request's latency runs from its issue
// to the moment this goroutine sees its response; the others are counted.
func (p *pipe) Run(stop func() bool, rec workload.Recorder) {
	l := workload.NewLoop(stop, rec)
	defer l.Close()
	for i := range p.ws {
		if !p.issue(&p.ws[i], rec) {
			l.Fail(i+1, ErrClosed)
			return
		}
	}
	for inflight := len(p.ws); inflight > 0; {
		w := p.next()
		if w == nil { // the client closed: what is in flight failed
			l.Fail(inflight, ErrClosed)
			return
		}
		if !l.Done(w.timed, w.start, check(w)) {
			inflight--
			continue
		}
		if !p.issue(w, rec) {
			l.Fail(inflight, ErrClosed)
			return
		}
	}
}

// Op performs one request and waits for it, for an engine that times plain
// workers.
func (p *pipe) Op() error {
	w := &p.ws[0]
	p.arg++
	w.arg, w.timed = p.arg, false
	if !p.c.t.send(w, &p.out) {
		return ErrClosed
	}
	if w = p.next(); w == nil {
		return ErrClosed
	}
	return check(w)
}
