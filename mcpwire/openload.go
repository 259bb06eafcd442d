package mcpwire

import (
	"math"
	"time"

	"github.com/mcptop/mcptop/workload"
)

// OpenLoad is an open loop's settings for one instance (one variant):
// Rate requests per second on a timetable, at most MaxInflight
// outstanding, both split over the instance's pipelines in proportion to
// the clients each owns (a pipeline without clients sends nothing, so the
// others carry the whole rate).
type OpenLoad struct {
	Rate        float64 // requests/s, the instance's
	Poisson     bool    // exponential gaps rather than even ones
	MaxInflight int     // the instance's
	Clients     int     // the instance's clients
	Seed        uint64  // picks the Poisson gaps
}

// OpenLoadOf is the open loop l asks for over clients clients; nil for a
// closed loop.
func OpenLoadOf(l workload.Load, clients int) *OpenLoad {
	if !l.Open() {
		return nil
	}
	return &OpenLoad{Rate: float64(l.Rate), Poisson: l.Poisson, MaxInflight: l.MaxInflight, Clients: clients, Seed: uint64(l.Rate)}
}

// openState is an open-loop pipeline's: its share of the timetable, the
// waker that sends on time, and where its round robin over its clients is.
type openState struct {
	tt   workload.Timetable
	wake *workload.Waker
	next int
}

// stopPoll bounds how long an open loop waits without looking at stop:
// how late it may see the end of a turn.
const stopPoll = time.Millisecond

// openDepth is how many requests client i of the pipeline may have in
// flight: the pipeline's share of MaxInflight split over its clients, at
// most the client's slots.
func (w *Pipeline) openDepth(i int) int {
	n := len(w.clients)
	share := int(math.Ceil(workload.Share(float64(w.open.MaxInflight), n, w.open.Clients, 1)))
	d := share / n
	if i < share%n {
		d++
	}
	return max(1, min(d, w.clients[i].opts.Load.Depth))
}

// startOpen sets up the pipeline's share of the timetable and its waker.
func (w *Pipeline) startOpen() {
	rate := workload.Share(w.open.Rate, len(w.clients), w.open.Clients, 0)
	w.ol.tt = workload.NewTimetable(rate, w.open.Poisson, w.open.Seed+uint64(len(w.clients))<<32+uint64(w.clients[0].load.n))
	w.ol.wake = workload.NewWaker()
}

// runOpen is Run for an open loop: it sends each request when its
// timetable says (restarted at each Run), on the next client with a free
// slot, whatever is in flight; a request is timed from its intended send
// time, and its service time from its actual one. A send due while every
// slot is taken waits (capped) and one more than the timeout late is
// given up (missed). Once stop reports true the timetable ends; what was
// due by then is still sent, and with what is in flight drained and
// measured.
func (w *Pipeline) runOpen(stop func() bool, rec workload.Recorder) {
	o := workload.NewOpenLoop(stop, rec, &w.ol.tt, w.timeout, w.nk)
	defer o.Close()
	for _, cl := range w.clients {
		if cl.dead.Load() && cl.load.inflight == 0 {
			o.Fail(0, 1, cl.Err())
		}
	}
	for {
		stopping := o.Stopping()
		now := workload.Now()
		blocked := w.sendDue(&o, now)
		if stopping && w.inflight == 0 && !o.Pending() {
			return
		}
		if !stopping {
			wakeAt := now + int64(stopPoll)
			if !blocked {
				wakeAt = min(wakeAt, o.Next())
			}
			w.ol.wake.At(wakeAt)
		}
		select {
		case m := <-w.ch:
			w.completeOpen(m, &o)
		case <-w.ol.wake.C:
		case <-w.tick.C:
			w.expire(rec)
		}
		for more := true; more; {
			select {
			case m := <-w.ch:
				w.completeOpen(m, &o)
			default:
				more = false
			}
		}
	}
}

// sendDue sends every request due at now, and reports whether one is
// still due because every slot is taken. A request for which every client
// has ended fails at once.
func (w *Pipeline) sendDue(o *workload.OpenLoop, now int64) (blocked bool) {
	for {
		intended, due := o.Due(now)
		if !due {
			break
		}
		cl, dead := w.pick()
		if cl == nil && dead == nil {
			o.Blocked(now)
			blocked = true
			break
		}
		kind := w.mix.next()
		timed := o.Sent(intended, now)
		if cl == nil {
			o.Done(kind, timed, intended, now, now, dead, false)
			continue
		}
		s, err := w.issue(cl, kind, intended, now)
		if err != nil {
			o.Done(kind, timed, intended, now, now, err, false)
			continue
		}
		s.timed = timed
	}
	for _, cl := range w.clients {
		cl.tbl.flush()
	}
	return blocked
}

// pick is the next client, round robin, with a free slot; nil when none
// has one, with the error that ended them if every client has ended.
func (w *Pipeline) pick() (*Client, error) {
	var dead error
	alive := false
	n := len(w.clients)
	for range n {
		cl := w.clients[w.ol.next]
		w.ol.next = (w.ol.next + 1) % n
		if cl.dead.Load() {
			dead = cl.Err()
			continue
		}
		alive = true
		if len(cl.load.free) > 0 {
			return cl, nil
		}
	}
	if alive {
		return nil, nil // every live client full: the cap
	}
	return nil, dead
}

// completeOpen takes one completion of an open loop; one from an
// abandoned request is dropped.
func (w *Pipeline) completeOpen(m completion, o *workload.OpenLoop) {
	ls := w.clients[m.conn].load
	s := &ls.slots[m.slot]
	if !s.busy || s.gen != m.gen {
		return
	}
	w.release(ls, m.slot)
	o.Done(s.kind, s.timed, s.start, s.sent, workload.Now(), m.err, false)
}
