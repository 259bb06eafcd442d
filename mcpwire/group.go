package mcpwire

import (
	"sync"
	"time"
)

// Group spreads clients over the workers of one engine instance: client j
// belongs to worker j mod W, where W is how many workers exist at the first
// Run, and each worker keeps depth requests in flight on each of its
// clients. Workers beyond the clients get none and stay idle.
type Group struct {
	depth   int
	timeout time.Duration
	clients []*Client

	mu      sync.Mutex
	workers []*Pipeline
	once    sync.Once
}

// NewGroup returns the group of clients (each made with a LoadSpec whose
// Depth is at least depth), a request unanswered after timeout counting
// as a failed operation.
func NewGroup(depth int, timeout time.Duration, clients ...*Client) (*Group, error) {
	if _, err := NewPipeline(depth, timeout, clients...); err != nil { // the same checks
		return nil, err
	}
	return &Group{depth: depth, timeout: timeout, clients: clients}, nil
}

// Worker returns engine goroutine i's pipeline. Its clients are given out
// at its first Run, when every worker exists.
func (g *Group) Worker(i int) *Pipeline {
	w := &Pipeline{depth: g.depth, timeout: g.timeout, attach: g.spread}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.workers = append(g.workers, make([]*Pipeline, max(0, i+1-len(g.workers)))...)
	g.workers[i] = w
	return w
}

// spread gives the clients out, round robin, once.
func (g *Group) spread() {
	g.once.Do(func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		var ws []*Pipeline
		for _, w := range g.workers {
			if w != nil {
				ws = append(ws, w)
			}
		}
		for j, c := range g.clients {
			w := ws[j%len(ws)]
			w.clients = append(w.clients, c)
		}
	})
}

// Expired returns how many requests the group's pipelines have given up on
// a timeout.
func (g *Group) Expired() int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	var n int64
	for _, w := range g.workers {
		if w != nil {
			n += w.Expired()
		}
	}
	return n
}

// Close stops the pipelines; the clients stay open.
func (g *Group) Close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, w := range g.workers {
		if w != nil {
			w.Close()
		}
	}
}
