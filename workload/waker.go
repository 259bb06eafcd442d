package workload

import "time"

// Waker wakes a goroutine at a moment on the Now clock: At arms it, and a
// value arrives on C then. A wake may come early (a stale one), so the
// woken goroutine checks the clock. On Linux it waits on a timerfd through
// the runtime's poller and wakes within tens of µs; elsewhere it is a
// time.Timer, whose sleeps the runtime rounds up to about a millisecond.
// One goroutine arms it.
type Waker struct {
	C <-chan struct{}
	w waker
}

// NewWaker returns a disarmed Waker; Close releases it.
func NewWaker() *Waker {
	w := &Waker{}
	if fd, ok := newFDWaker(); ok {
		w.w = fd
	} else {
		w.w = newTimerWaker()
	}
	w.C = w.w.channel()
	return w
}

// At arms the Waker for time t (a Now reading), replacing what it was
// armed for; a time already past wakes at once.
func (w *Waker) At(t int64) {
	d := t - Now()
	if d <= 0 {
		w.w.now()
		return
	}
	w.w.after(time.Duration(d))
}

// Close releases the Waker and what it started.
func (w *Waker) Close() { w.w.close() }

// waker is how a Waker waits.
type waker interface {
	channel() <-chan struct{}
	after(d time.Duration)
	now()
	close()
}

// timerWaker waits with a time.Timer.
type timerWaker struct {
	t *time.Timer
	c chan struct{}
}

func newTimerWaker() *timerWaker {
	w := &timerWaker{c: make(chan struct{}, 1)}
	w.t = time.AfterFunc(time.Hour, w.now)
	w.t.Stop()
	return w
}

func (w *timerWaker) channel() <-chan struct{} { return w.c }
func (w *timerWaker) after(d time.Duration)    { w.t.Reset(d) }
func (w *timerWaker) close()                   { w.t.Stop() }

func (w *timerWaker) now() {
	select {
	case w.c <- struct{}{}:
	default:
	}
}
