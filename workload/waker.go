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

// wakeC is the channel a waker wakes its Waker on: one wake waits there at
// most, and a wake while one waits is the same wake.
type wakeC chan struct{}

func (c wakeC) channel() <-chan struct{} { return c }

func (c wakeC) now() {
	select {
	case c <- struct{}{}:
	default:
	}
}

// timerWaker waits with a time.Timer.
type timerWaker struct {
	t *time.Timer
	wakeC
}

func newTimerWaker() *timerWaker {
	w := &timerWaker{wakeC: make(wakeC, 1)}
	w.t = time.AfterFunc(time.Hour, w.now)
	w.t.Stop()
	return w
}

func (w *timerWaker) after(d time.Duration) { w.t.Reset(d) }
func (w *timerWaker) close()                { w.t.Stop() }
