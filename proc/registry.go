package proc

import (
	"sync"
	"time"
)

// children holds every child that has not yet been reaped, so that KillAll
// can end them all.
var children = struct {
	sync.Mutex
	set map[*Child]struct{}
}{set: map[*Child]struct{}{}}

// register runs start and, if it succeeds, records ch, both under the
// registry's lock, so that a KillAll running meanwhile cannot miss a child
// that has just started.
func register(ch *Child, start func() error) error {
	children.Lock()
	defer children.Unlock()
	if err := start(); err != nil {
		return err
	}
	children.set[ch] = struct{}{}
	return nil
}

// unregister forgets a reaped child.
func unregister(ch *Child) {
	children.Lock()
	delete(children.set, ch)
	children.Unlock()
}

// KillAll ends every child Start started that has not yet been reaped:
// stdin closed, SIGTERM to each process group, SIGKILL after grace
// (DefaultGrace if zero), all at once. It returns once they are gone. Call
// it from the program's signal handling and on exit, so that no child
// outlives mcptop.
func KillAll(grace time.Duration) {
	if grace <= 0 {
		grace = DefaultGrace
	}
	children.Lock()
	var all []*Child
	for ch := range children.set {
		all = append(all, ch)
	}
	children.Unlock()
	var wg sync.WaitGroup
	for _, ch := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch.Terminate(grace)
		}()
	}
	wg.Wait()
}
