//go:build !linux

package workload

// fdWaker is Linux's; elsewhere a Waker is a timer.
type fdWaker struct{ timerWaker }

func newFDWaker() (*fdWaker, bool) { return nil, false }
