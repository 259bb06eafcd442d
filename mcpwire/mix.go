package mcpwire

import (
	"fmt"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/workload"
)

// LoadKind is one kind of load request in a mix: what to send, how its
// response is decoded and judged, and its weight in the mix.
type LoadKind struct {
	Name    string // as the engine shows it: "tools/call:echo"
	Method  string // the JSON-RPC method, which decides how a response is decoded
	Encoder RequestEncoder
	Check   func(*codec.Response) error // nil accepts any result
	Weight  int                         // ≥ 1: its share of the requests is Weight over the weights' sum
}

// kindBits is how many low bits of a load request's generation name its
// kind, so that the reader can tell how to decode the response to an id.
const kindBits = 4

// maxKinds is the most kinds a mix may have: as many as the engine keeps
// apart (workload.MaxKinds) and the generation's kind bits hold.
const maxKinds = 1 << kindBits

var _ [workload.MaxKinds - maxKinds]struct{} // the two agree

// nextGen is the generation after gen for a request of kind.
func nextGen(gen uint64, kind uint8) uint64 { return (gen>>kindBits+1)<<kindBits | uint64(kind) }

// genKind is the kind a generation carries.
func genKind(gen uint64) uint8 { return uint8(gen & (maxKinds - 1)) }

// checkKinds checks a mix: at most maxKinds kinds, each with an encoder,
// a method and a positive weight.
func checkKinds(ks []LoadKind) error {
	if len(ks) > maxKinds {
		return fmt.Errorf("mcpwire: a mix of %d kinds of request; at most %d", len(ks), maxKinds)
	}
	for _, k := range ks {
		if k.Encoder == nil || k.Method == "" || k.Weight < 1 {
			return fmt.Errorf("mcpwire: mix entry %q needs an encoder, a method and a weight of at least 1", k.Name)
		}
	}
	return nil
}

// kind returns kind k of the spec's load: the mix's, or the single kind
// Encoder and Check make.
func (s *LoadSpec) kind(k uint8, method string) LoadKind {
	if len(s.Kinds) == 0 {
		return LoadKind{Method: method, Encoder: s.Encoder, Check: s.Check, Weight: 1}
	}
	return s.Kinds[int(k)%len(s.Kinds)]
}

// mixer picks each request's kind by smooth weighted round robin: over
// every run of the weights' sum, each kind is picked exactly its weight
// times, spread evenly. It allocates nothing.
type mixer struct {
	w, cur [maxKinds]int
	n      int
	total  int
}

func newMixer(ks []LoadKind) mixer {
	m := mixer{n: max(1, len(ks))}
	if len(ks) == 0 {
		m.w[0], m.total = 1, 1
	}
	for i, k := range ks {
		m.w[i] = k.Weight
		m.total += k.Weight
	}
	return m
}

// next is the kind of the next request.
func (m *mixer) next() uint8 {
	if m.n == 1 {
		return 0
	}
	best := 0
	for i := range m.n {
		m.cur[i] += m.w[i]
		if m.cur[i] > m.cur[best] {
			best = i
		}
	}
	m.cur[best] -= m.total
	return uint8(best)
}

// deliverLoad hands a load response (sc.resp, decoded as the answer to
// the client's Method; failed is why it did not decode so, if it did not)
// to its request, judged as the answer to the request's kind: a mix's
// kind of another method is decoded again as that method's.
func (c *Client) deliverLoad(line []byte, sc *scratch, failed error) {
	id := sc.resp.ID.Int
	k := c.opts.Load.kind(c.tbl.kindOf(id), c.opts.Method)
	if k.Method != c.opts.Method && codec.ResultFor(k.Method) != codec.ResultFor(c.opts.Method) {
		failed = c.codec.DecodeResponse(line, k.Method, &sc.resp)
	}
	if failed != nil {
		c.tbl.deliver(id, loadResult{err: fmt.Errorf("%s: %w", k.Method, failed), answered: true})
		return
	}
	c.tbl.deliver(id, outcome(&k, &sc.resp))
}

// outcome turns a load response into the verdict on a request of kind k.
func outcome(k *LoadKind, resp *codec.Response) loadResult {
	if resp.Error != nil {
		return loadResult{err: fmt.Errorf("%s: server error %w", k.Method, resp.Error), answered: true}
	}
	if k.Check != nil {
		if err := k.Check(resp); err != nil {
			return loadResult{err: err, answered: true}
		}
	}
	return loadResult{answered: true}
}
