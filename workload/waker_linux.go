package workload

import (
	"os"
	"syscall"
	"time"
	"unsafe"
)

// fdWaker waits on a timerfd (CLOCK_MONOTONIC) read through the runtime's
// poller by a goroutine of its own, which passes each expiry on.
type fdWaker struct {
	f    *os.File
	fd   uintptr
	done chan struct{}
	wakeC
}

type itimerspec struct{ interval, value syscall.Timespec }

// newFDWaker opens a timerfd; ok is false where the kernel refuses.
func newFDWaker() (*fdWaker, bool) {
	const clockMonotonic = 1
	fd, _, errno := syscall.Syscall(syscall.SYS_TIMERFD_CREATE, clockMonotonic, syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if errno != 0 {
		return nil, false
	}
	w := &fdWaker{f: os.NewFile(fd, "timerfd"), fd: fd, done: make(chan struct{}), wakeC: make(wakeC, 1)}
	go w.read()
	return w, true
}

// read passes every expiry on until the file is closed.
func (w *fdWaker) read() {
	defer close(w.done)
	var buf [8]byte
	for {
		if _, err := w.f.Read(buf[:]); err != nil {
			return
		}
		w.now()
	}
}

func (w *fdWaker) after(d time.Duration) {
	spec := itimerspec{value: syscall.NsecToTimespec(int64(d))}
	_, _, errno := syscall.Syscall6(syscall.SYS_TIMERFD_SETTIME, w.fd, 0, uintptr(unsafe.Pointer(&spec)), 0, 0, 0)
	if errno != 0 {
		w.now() // cannot arm: wake now, the caller looks at the clock
	}
}

func (w *fdWaker) close() {
	w.f.Close()
	<-w.done
}
