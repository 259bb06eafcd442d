package mcpwire

import "time"

// Group spreads clients over the workers of one engine instance (Spread),
// the target's sessions and the e2e workload's connections: client j
// belongs to worker j mod W, where W is how many workers exist at the first
// Run, and each worker keeps depth requests in flight on each of its
// clients.
// Workers beyond the clients get none and stay idle.
type Group struct {
	depth   int
	timeout time.Duration
	clients []*Client
	open    *OpenLoad
	workers Spread[Pipeline]
}

// NewGroup returns the group of clients (each made with a LoadSpec whose
// Depth is at least depth), a request unanswered after timeout counting
// as a failed operation.
func NewGroup(depth int, timeout time.Duration, clients ...*Client) (*Group, error) {
	if err := checkDepth(depth, clients); err != nil {
		return nil, err
	}
	return &Group{depth: depth, timeout: timeout, clients: clients}, nil
}

// SetOpen makes the group's pipelines an open loop (nil: closed); it is
// called before Worker.
func (g *Group) SetOpen(o *OpenLoad) { g.open = o }

// Worker returns engine goroutine i's pipeline. Its clients are given out
// at its first Run, when every worker exists.
func (g *Group) Worker(i int) *Pipeline {
	w := &Pipeline{depth: g.depth, timeout: g.timeout, attach: g.spread, open: g.open}
	g.workers.Add(i, w)
	return w
}

func (g *Group) spread() {
	g.workers.Assign(len(g.clients), func(w *Pipeline, j int) { w.clients = append(w.clients, g.clients[j]) })
}

// Expired returns how many requests the group's pipelines have given up on
// a timeout.
func (g *Group) Expired() int64 {
	var n int64
	g.workers.Each(func(w *Pipeline) { n += w.Expired() })
	return n
}

// Close stops the pipelines; the clients stay open.
func (g *Group) Close() { g.workers.Each(func(w *Pipeline) { w.Close() }) }
