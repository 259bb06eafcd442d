package gosdk

import (
	"sync"

	"github.com/mcptop/mcptop/workload"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// pipe is one engine worker's load on the SDK: depth calls in flight on
// each of its sessions. The SDK's CallTool blocks until its answer, so each
// session has depth caller goroutines, started at the first Run and parked
// between Runs; the worker hands them requests and takes their answers.
type pipe struct {
	in       *instance
	sessions []*mcp.ClientSession
	issue    []chan ticket // by session
	done     chan answer
	quit     chan struct{}
	wg       sync.WaitGroup
	started  bool
	sampling workload.Sampling // which requests are timed
}

// ticket is one request handed to a caller; answer is what came of it.
type ticket struct {
	start int64 // workload.Now when handed out
	timed bool
}

type answer struct {
	session int
	ticket
	err error
}

var (
	_ workload.Pipeline = (*pipe)(nil)
	_ workload.Worker   = (*pipe)(nil)
)

// Op makes one call on the worker's first session and waits for it, for an
// engine that times plain workers.
func (p *pipe) Op() error {
	p.attach()
	if len(p.sessions) == 0 {
		return nil
	}
	return call(p.sessions[0], p.in.text)
}

// attach gives out the instance's sessions, round robin over its workers;
// only the first call, by any worker, does anything.
func (p *pipe) attach() {
	in := p.in
	in.workers.Assign(len(in.sessions), func(w *pipe, j int) { w.sessions = append(w.sessions, in.sessions[j]) })
}

// start launches the callers.
func (p *pipe) start() {
	p.attach()
	p.started = true
	depth := p.in.depth
	p.done = make(chan answer, depth*len(p.sessions))
	p.quit = make(chan struct{})
	for j, cs := range p.sessions {
		ch := make(chan ticket, depth)
		p.issue = append(p.issue, ch)
		for range depth {
			p.wg.Add(1)
			go p.caller(j, cs, ch)
		}
	}
}

// caller makes one call per ticket until the pipe closes.
func (p *pipe) caller(j int, cs *mcp.ClientSession, tickets <-chan ticket) {
	defer p.wg.Done()
	for {
		select {
		case t := <-tickets:
			err := call(cs, p.in.text)
			p.done <- answer{session: j, ticket: t, err: err}
		case <-p.quit:
			return
		}
	}
}

// send hands session j a request, timed when the recorder's sampling says
// so.
func (p *pipe) send(j int, rec workload.Recorder) {
	t := ticket{timed: p.sampling.Next(rec)}
	t.start = workload.Now()
	p.issue[j] <- t
}

// Run keeps depth calls in flight on each session until stop reports true,
// then waits for every outstanding one. A timed call's latency runs from
// handing it out to the moment this goroutine sees its answer. A pipe with
// no session returns at once.
func (p *pipe) Run(stop func() bool, rec workload.Recorder) {
	if !p.started {
		p.start()
	}
	if len(p.sessions) == 0 {
		return
	}
	l := workload.NewLoop(stop, rec)
	defer l.Close()
	for j := range p.sessions {
		for range p.in.depth {
			p.send(j, rec)
		}
	}
	for inflight := p.in.depth * len(p.sessions); inflight > 0; {
		// The worker sees the answer when it takes it: the hand-over from
		// the caller counts, as the reader's hand-over does in mcptop's
		// stacks.
		a := <-p.done
		if !l.Done(a.timed, a.start, a.err) {
			inflight--
			continue
		}
		p.send(a.session, rec)
	}
}

// close stops the callers; a Run must not be running.
func (p *pipe) close() {
	if p.started {
		close(p.quit)
		p.wg.Wait()
	}
}
