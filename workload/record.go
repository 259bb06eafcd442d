package workload

import (
	"fmt"
	"time"
)

// epoch is the origin of Now.
var epoch = time.Now()

// Now reads the monotonic clock: nanoseconds since the program started.
// It is the clock every latency is measured with (about 25 ns a read on a
// current x86 Linux machine: time.Since on a monotonic reading, no wall
// clock).
func Now() int64 { return int64(time.Since(epoch)) }

// Timing is one operation a Pipeline timed.
type Timing struct {
	// Start is when the operation was issued, End when the worker saw it
	// complete or gave up on it; both are Now readings. For an open-loop
	// operation (Sent set), Start is when its timetable meant it to be
	// sent, so that End − Start counts the time it waited to be sent too:
	// latency free of coordinated omission.
	Start, End int64
	// Sent is when an open-loop operation was actually sent (End − Sent is
	// its service time); 0 for a closed loop's, which are sent at Start.
	Sent int64
	// Err is why it failed; nil for success.
	Err error
	// Timeout marks an operation given up after waiting too long; End is
	// then the moment it was given up, and Err says why.
	Timeout bool
	// Kind is the operation's kind, an index into the instance's Kinds
	// (Kinded); 0 for an instance of one kind.
	Kind uint8
}

// Counts are operations a Pipeline completed without timing them.
type Counts struct {
	Ops      int64 // completed, failed ones included
	Errs     int64 // of Ops, failed (timed-out ones included)
	Timeouts int64 // of Errs, given up after waiting too long
	Last     error // the newest failure, if any
	// Kind is the kind of every operation counted here (see Timing.Kind).
	Kind uint8
	// Open marks an open-loop pipeline's operations: each was sent on its
	// timetable in the steady phase, so it counts as steady wherever it
	// completes (one still in flight when the pipeline drains is measured,
	// not dropped).
	Open bool
	// Sched is what an open-loop pipeline's timetable did since the last
	// call; zero for a closed loop.
	Sched Schedule
}

// Schedule is what an open-loop pipeline's timetable did over a period:
// every send it asked for was made (Sent) or not (Missed), and how late.
type Schedule struct {
	Sent int64 // requests sent
	// Missed are sends the timetable asked for that were never made: more
	// than the pipeline's bound behind their time (its request timeout),
	// or still due when the pipeline stopped.
	Missed int64
	// Capped are the sends, of Sent, made late because the most requests
	// allowed in flight (max-inflight) were outstanding when they came due.
	Capped int64
	// Behind is the largest lag of a send behind its intended time (ns).
	Behind int64
}

// BehindWarn is the lag behind schedule worth pointing out on screen:
// above a generator's own wake-up jitter (tens of µs with a timerfd, about
// a millisecond where Go's timers are used).
const BehindWarn = 10 * time.Millisecond

// Sampling picks, op by op, the ops a pipeline times, as its Recorder's
// Gap says: the zero value times the first.
type Sampling struct{ gap int }

// Next reports whether the op about to be issued is timed.
func (s *Sampling) Next(rec Recorder) bool {
	if s.gap == 0 {
		s.gap = rec.Gap()
		return true
	}
	s.gap--
	return false
}

// Add adds o's sends to s; Behind is the larger.
func (s *Schedule) Add(o Schedule) {
	s.Sent += o.Sent
	s.Missed += o.Missed
	s.Capped += o.Capped
	s.Behind = max(s.Behind, o.Behind)
}

// Recorder takes what a Pipeline worker did. Its methods are called from
// the worker's own goroutine and do not allocate.
//
// Which operations to time is the engine's choice, so that the timed ones
// are an unbiased sample: before issuing, the worker asks Gap how many
// operations to leave untimed before the next timed one, and counts down.
// A timed operation reads the clock when issued and when complete, and goes
// to Timed; the untimed ones are counted and handed to Untimed in bulk.
//
// A pipeline has three phases in every Run: it fills (issues until its
// configured number of operations is in flight, and waits for the first of
// them to complete: until then nothing completes at the configured depth),
// runs steady, and drains (stops issuing when stop reports true, and
// completes or gives up on what is in flight). It calls Full once it has
// been at its configured depth and seen its first completion there (after
// reporting that completion, which counts as filling), and Draining when it
// stops issuing. Only operations issued and completed in
// the steady phase count towards throughput and latency; the others are
// counted apart (and failures always count as failures). Untimed counts
// belong to the phase in which Untimed is called, so a pipeline calls
// Untimed with what it has counted before it calls Full or Draining, and
// before Run returns.
type Recorder interface {
	// Gap returns how many operations to leave untimed before timing the
	// next one; 0 means time the next one.
	Gap() int
	// Timed records one timed operation.
	Timed(t Timing)
	// Untimed records operations completed since the last call that were
	// not timed.
	Untimed(c Counts)
	// Full marks the pipeline at its configured depth with its first
	// completion there seen: the steady phase begins.
	Full()
	// Draining marks the end of the steady phase: the pipeline has stopped
	// issuing.
	Draining()
}

// Turn is implemented by a Recorder that knows when the current Run's
// turn ends (the engine's, on the Now clock): an open-loop pipeline ends
// its timetable there rather than when it next looks at stop, so that a
// turn's sends are exactly those its timetable asks for before the turn's
// end. A pipeline that sees the end drains and may return before stop
// reports true.
type Turn interface {
	TurnEnd() int64
}

// Pipeline is a worker that keeps several operations in flight, so that a
// clock around one call would not measure one operation.
type Pipeline interface {
	// Run issues operations until stop reports true, then completes (or
	// gives up on) every operation it started, before returning. It reports
	// every operation, timed or counted, to rec, as Recorder describes.
	Run(stop func() bool, rec Recorder)
}

// Tally is a Recorder that keeps everything it is told, for tests and
// tools that run a Pipeline without the engine. Every sets the sampling
// (0 or 1: time every operation); with Keep, each timed successful
// operation's latency is appended to Latencies (which then allocates).
type Tally struct {
	Every     int
	Keep      bool
	Ops       int64 // completed, failed ones included, in every phase
	Errs      int64
	Timeouts  int64
	Latencies []time.Duration // of timed successful operations, from Start
	// Services are the same operations' service times (from Sent), with
	// Keep, for open-loop ones.
	Services []time.Duration
	Last     error
	Fulls    int   // calls of Full
	Drains   int   // calls of Draining
	TimedN   int64 // operations timed, failed ones included
	// KindOps counts operations by kind, failed ones included.
	KindOps [MaxKinds]int64
	Open    int64    // operations reported as open-loop ones
	Sched   Schedule // the timetables' reports, added up
}

// Gap implements Recorder.
func (t *Tally) Gap() int { return max(t.Every-1, 0) }

// Timed implements Recorder.
func (t *Tally) Timed(tm Timing) {
	t.Ops++
	t.TimedN++
	t.KindOps[tm.Kind%MaxKinds]++
	if tm.Sent != 0 {
		t.Open++
	}
	switch {
	case tm.Err != nil:
		t.Errs++
		t.Last = tm.Err
		if tm.Timeout {
			t.Timeouts++
		}
	case t.Keep:
		t.Latencies = append(t.Latencies, time.Duration(tm.End-tm.Start))
		if tm.Sent != 0 {
			t.Services = append(t.Services, time.Duration(tm.End-tm.Sent))
		}
	}
}

// Untimed implements Recorder.
func (t *Tally) Untimed(c Counts) {
	t.Ops += c.Ops
	t.Errs += c.Errs
	t.Timeouts += c.Timeouts
	t.KindOps[c.Kind%MaxKinds] += c.Ops
	if c.Open {
		t.Open += c.Ops
	}
	t.Sched.Add(c.Sched)
	if c.Last != nil {
		t.Last = c.Last
	}
}

// Full implements Recorder.
func (t *Tally) Full() { t.Fulls++ }

// Draining implements Recorder.
func (t *Tally) Draining() { t.Drains++ }

// RunFor runs p, Run after Run as the engine's slices do, until t has seen
// at least n operations; each Run is told to stop at about its n/10-th
// stop check. It fails if a Run completes nothing.
func (t *Tally) RunFor(p Pipeline, n int64) error {
	for t.Ops < n {
		before, checks := t.Ops, int64(0)
		p.Run(func() bool { checks++; return checks > max(1, n/10) }, t)
		if t.Ops == before {
			return fmt.Errorf("a Run completed nothing (errors %d, last %v)", t.Errs, t.Last)
		}
	}
	return nil
}

// Loop is the bookkeeping of one Run of a closed-loop Pipeline, which
// issues its depth and then reissues an operation as each one completes:
// timed completions go to the Recorder at once, the others are counted and
// handed over in bulk, the first completion marks the pipeline full (the
// Recorder is told), and from the moment stop reports true the pipeline
// drains. It allocates nothing.
type Loop struct {
	rec      Recorder
	stop     func() bool
	c        Counts
	full     bool
	stopping bool
}

// NewLoop starts the bookkeeping of a Run with Run's arguments.
func NewLoop(stop func() bool, rec Recorder) Loop { return Loop{rec: rec, stop: stop} }

// Done records one completed operation (timed from start, if timed, to
// now; failed if err is not nil) and reports whether to issue another in
// its place: false once stop has said so, when the counts so far have been
// handed over and the Recorder told that the pipeline drains.
func (l *Loop) Done(timed bool, start int64, err error) (again bool) {
	if timed {
		l.rec.Timed(Timing{Start: start, End: Now(), Err: err})
	} else if l.c.Ops++; err != nil {
		l.c.Errs, l.c.Last = l.c.Errs+1, err
	}
	if !l.full { // the first completion at full depth: steady from here
		l.full = true
		l.rec.Untimed(l.c)
		l.c = Counts{}
		l.rec.Full()
	}
	if !l.stopping && l.stop() {
		l.stopping = true
		l.rec.Untimed(l.c)
		l.c = Counts{}
		l.rec.Draining()
	}
	return !l.stopping
}

// Fail counts n operations that failed with err without completing (the
// connection under them closed, say).
func (l *Loop) Fail(n int, err error) {
	l.c.Ops, l.c.Errs, l.c.Last = l.c.Ops+int64(n), l.c.Errs+int64(n), err
}

// Close hands over what is still counted; a Run calls it before it
// returns.
func (l *Loop) Close() { l.rec.Untimed(l.c) }
