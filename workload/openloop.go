package workload

import "time"

// OpenLoop is the bookkeeping of one Run of an open-loop Pipeline, which
// sends on a Timetable whatever the server does: it tells the Recorder the
// pipeline is full before the first send, says when the next send is due
// (skipping, as missed, any more than a bound late), picks the sends to
// time, and counts what completes by kind. From the moment stop reports
// true it hands the counts over and tells the Recorder the pipeline
// drains; the timetable ends there, but every send it asked for before
// then is still made (as slots free up) and measured: the turn's load is
// the turn's, however late. It allocates nothing.
type OpenLoop struct {
	rec     Recorder
	stop    func() bool
	tt      *Timetable
	limit   int64 // a send later than this (ns) is missed
	kinds   int
	c       [MaxKinds]Counts
	s       Schedule
	blocked int64 // the latest moment a due send found no free slot
	gap     int   // sends to leave untimed before the next timed one
	end     int64 // when the timetable ended; 0 before
	turnEnd int64 // when the Recorder's turn ends (Turn); 0: unknown
}

// NewOpenLoop starts the bookkeeping of a Run with Run's arguments, the
// pipeline's timetable (restarted now), the lateness beyond which a send
// is given up as missed (0: never), and how many kinds of operation the
// pipeline makes (at least 1).
func NewOpenLoop(stop func() bool, rec Recorder, tt *Timetable, limit time.Duration, kinds int) OpenLoop {
	o := OpenLoop{rec: rec, stop: stop, tt: tt, limit: int64(limit), kinds: max(1, min(kinds, MaxKinds)), blocked: -1}
	if t, ok := rec.(Turn); ok {
		o.turnEnd = t.TurnEnd()
	}
	rec.Full()
	o.gap = rec.Gap()
	tt.Start(Now())
	return o
}

// Due returns the intended time of the next send and whether it is due at
// now; sends more than the limit late are skipped and counted as missed.
// Once the pipeline drains, only sends meant before it did are due.
func (o *OpenLoop) Due(now int64) (intended int64, due bool) {
	if o.limit > 0 {
		t := now - o.limit
		if o.end != 0 {
			t = min(t, o.end) // sends meant after the end are none of the turn's
		}
		o.s.Missed += o.tt.SkipTo(t)
	}
	intended = o.tt.Next()
	if o.end != 0 && intended >= o.end {
		return 0, false
	}
	return intended, intended <= now
}

// Pending reports whether, once the pipeline drains, sends meant before it
// did are still to be made.
func (o *OpenLoop) Pending() bool { return o.end != 0 && o.tt.Next() < o.end }

// Next is when the pipeline must next look: the intended time of the next
// send, or the turn's end if that comes first.
func (o *OpenLoop) Next() int64 {
	if o.turnEnd > 0 && o.end == 0 {
		return min(o.tt.Next(), o.turnEnd)
	}
	return o.tt.Next()
}

// Sent records that the due send meant for intended went out at now, and
// says whether to time it (the Recorder's sample).
func (o *OpenLoop) Sent(intended, now int64) (timed bool) {
	o.s.Sent++
	o.s.Behind = max(o.s.Behind, now-intended)
	if intended <= o.blocked {
		o.s.Capped++
	}
	o.tt.Advance()
	if o.gap > 0 {
		o.gap--
		return false
	}
	o.gap = o.rec.Gap()
	return true
}

// Blocked notes that at now a due send found no free slot: the most
// requests allowed are in flight.
func (o *OpenLoop) Blocked(now int64) { o.blocked = now }

// Done records one completed operation of kind sent for intended at sent:
// timed ones go to the Recorder at once (ended at end, failed if err is
// not nil), the others are counted.
func (o *OpenLoop) Done(kind uint8, timed bool, intended, sent, end int64, err error, timeout bool) {
	if timed {
		o.rec.Timed(Timing{Start: intended, Sent: sent, End: end, Err: err, Timeout: timeout, Kind: kind})
		return
	}
	c := &o.c[int(kind)%o.kinds]
	c.Ops++
	if err != nil {
		c.Errs, c.Last = c.Errs+1, err
		if timeout {
			c.Timeouts++
		}
	}
}

// Fail counts n operations of kind that failed with err without completing.
func (o *OpenLoop) Fail(kind uint8, n int, err error) {
	c := &o.c[int(kind)%o.kinds]
	c.Ops, c.Errs, c.Last = c.Ops+int64(n), c.Errs+int64(n), err
}

// Stopping reports whether the pipeline drains: from the turn's end (a
// Turn Recorder's) or the first time stop reports true, whichever comes
// first, when the timetable ends, the counts are handed over and the
// Recorder told. What is due by then is still sent (Due, Pending).
func (o *OpenLoop) Stopping() bool {
	if o.end != 0 {
		return true
	}
	now := Now()
	switch {
	case o.turnEnd > 0 && now >= o.turnEnd:
		o.end = o.turnEnd
	case o.stop():
		o.end = max(now, 1)
	default:
		return false
	}
	o.flush()
	o.rec.Draining()
	return true
}

// Close hands over what is still counted; a Run calls it before it
// returns.
func (o *OpenLoop) Close() { o.flush() }

// flush hands the counts to the Recorder kind by kind, the schedule with
// the first kind's.
func (o *OpenLoop) flush() {
	for k := range o.kinds {
		c := &o.c[k]
		if k == 0 {
			c.Sched, o.s = o.s, Schedule{}
		}
		if c.Ops == 0 && c.Sched == (Schedule{}) {
			continue
		}
		c.Kind, c.Open = uint8(k), true
		o.rec.Untimed(*c)
		*c = Counts{}
	}
}
