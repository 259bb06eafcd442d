package correlation

import (
	"fmt"
	"sync"

	"github.com/mcptop/mcptop/workload"
)

// Bounds of the workload's depth parameter.
const (
	// DefaultDepth is the requests in flight per worker unless set.
	DefaultDepth = 1000
	// MaxDepth is the most requests in flight per worker.
	MaxDepth = 10_000
)

// depthParam is the workload's parameter: its bounds are the ones
// newInstance enforces.
var depthParam = workload.Param{
	Name: "depth", Help: "requests in flight per worker", Unit: "reqs",
	Default: DefaultDepth, Min: 1, Max: MaxDepth, Steps: []int{1, 100, 1000, 10_000},
}

// Workload is the correlation workload: each worker keeps depth requests in
// flight on a client and records every request's round trip, issue to
// response delivered to the waiting caller. Its implementations are the
// pending-request tables (Kind); the responders, the transport and the
// batching are the same for all. The default pair is the seed's: the owner
// goroutine and its map against the slot ring.
func Workload() workload.Workload {
	w := workload.Workload{
		Name:        "correlation",
		Description: "pending-request table of a pipelined client: issue, correlate and complete requests",
		Params:      []workload.Param{depthParam},
		Pair:        [2]string{OwnerMap.Name(), SlotRing.Name()},
	}
	for k := range numKinds {
		w.Impls = append(w.Impls, workload.Impl{Name: k.Name(), Label: k.String(),
			New: func(p workload.Params) (workload.Instance, error) { return newInstance(k, p) }})
	}
	return w
}

type instance struct {
	c     *Client
	depth int

	mu    sync.Mutex
	pipes map[int]*pipe
}

func newInstance(k Kind, p workload.Params) (workload.Instance, error) {
	depth, ok := p[depthParam.Name]
	if !ok {
		depth = depthParam.Default
	}
	if err := depthParam.Validate(depth); err != nil {
		return nil, fmt.Errorf("correlation: %w", err)
	}
	c, err := NewClient(Config{Table: k})
	if err != nil {
		return nil, fmt.Errorf("correlation: new instance: %w", err)
	}
	return &instance{c: c, depth: depth, pipes: make(map[int]*pipe)}, nil
}

// Worker returns worker i's pipeline, the same one each time it is asked.
func (in *instance) Worker(i int) workload.Worker {
	in.mu.Lock()
	defer in.mu.Unlock()
	p, ok := in.pipes[i]
	if !ok {
		p = newPipe(in.c, in.depth)
		in.pipes[i] = p
	}
	return p
}

func (in *instance) BytesPerOp() int64 { return 0 }

func (in *instance) Close() error { return in.c.Close() }
