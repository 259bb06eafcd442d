package registry

import "sync"

// mailboxSize is the capacity of the owner goroutine's request channel, its
// mailbox. An Erlang mailbox is unbounded and a send to it never waits for
// the receiver, so callers may queue requests while the owner is busy.
const mailboxSize = 128

type opKind uint8

const (
	opRegister opKind = iota
	opLookup
	opUnregister
	opLen
)

// request is one call into the owner goroutine. It travels by value, so
// sending it allocates nothing.
type request struct {
	op    opKind
	key   string
	owner Owner
	reply chan<- reply
}

// reply is the owner goroutine's answer. err is one of the package's
// sentinels, or nil; the caller adds context.
type reply struct {
	owner Owner
	n     int
	err   error
}

// Server is the seed's "before" Registry: one owner goroutine holds a plain map and
// serves every operation sent to it on a channel, as gproc's registry process
// serves gen_server calls. Each caller waits for the answer on a reply
// channel of its own (taken from a pool, so a call allocates none). All
// methods are safe for concurrent use.
type Server struct {
	mailbox   chan request
	done      chan struct{} // closed by Close: the owner stops serving
	exited    chan struct{} // closed by the owner goroutine when it returns
	closeOnce sync.Once
	replies   sync.Pool // of chan reply, capacity 1
}

var _ Registry = (*Server)(nil)

// NewServer starts the owner goroutine and returns its registry. Close stops
// the goroutine.
func NewServer() *Server {
	s := &Server{
		mailbox: make(chan request, mailboxSize),
		done:    make(chan struct{}),
		exited:  make(chan struct{}),
	}
	go s.serve()
	return s
}

// serve is the owner goroutine: it alone touches the map.
func (s *Server) serve() {
	defer close(s.exited)
	table := names{}
	for {
		select {
		case req := <-s.mailbox:
			req.reply <- handle(table, req)
		case <-s.done:
			// Answer what is already queued; a caller that queues after
			// this drain sees exited instead (see call).
			for {
				select {
				case req := <-s.mailbox:
					req.reply <- reply{err: ErrClosed}
				default:
					return
				}
			}
		}
	}
}

func handle(n names, req request) reply {
	switch req.op {
	case opRegister:
		return reply{err: n.register(req.key, req.owner)}
	case opLookup:
		o, err := n.lookup(req.key)
		return reply{owner: o, err: err}
	case opUnregister:
		return reply{err: n.unregister(req.key)}
	default: // opLen
		return reply{n: len(n)}
	}
}

// call sends req to the owner goroutine and waits for its reply.
func (s *Server) call(req request) reply {
	// Refuse first if closed: the send below could otherwise win the
	// select against done and be served by an owner not yet stopping.
	select {
	case <-s.done:
		return reply{err: ErrClosed}
	default:
	}
	ch, _ := s.replies.Get().(chan reply)
	if ch == nil {
		ch = make(chan reply, 1)
	}
	req.reply = ch
	select {
	case s.mailbox <- req:
	case <-s.done:
		s.replies.Put(ch)
		return reply{err: ErrClosed}
	}
	var r reply
	select {
	case r = <-ch:
	case <-s.exited:
		// The owner has returned, so nothing more will be sent on ch: it
		// either answered before returning or never saw the request.
		select {
		case r = <-ch:
		default:
			r = reply{err: ErrClosed}
		}
	}
	s.replies.Put(ch)
	return r
}

// Register records owner under key, or fails with ErrExists.
func (s *Server) Register(key string, owner Owner) error {
	return wrap("register", key, s.call(request{op: opRegister, key: key, owner: owner}).err)
}

// Lookup returns the owner of key, or fails with ErrNotFound.
func (s *Server) Lookup(key string) (Owner, error) {
	r := s.call(request{op: opLookup, key: key})
	return r.owner, wrap("lookup", key, r.err)
}

// Unregister removes key, or fails with ErrNotFound.
func (s *Server) Unregister(key string) error {
	return wrap("unregister", key, s.call(request{op: opUnregister, key: key}).err)
}

// Len returns the number of registered keys, or 0 once closed.
func (s *Server) Len() int {
	return s.call(request{op: opLen}).n
}

// Close stops the owner goroutine and waits for it to return. Operations
// after Close fail with ErrClosed.
func (s *Server) Close() error {
	s.closeOnce.Do(func() { close(s.done) })
	<-s.exited
	return nil
}
