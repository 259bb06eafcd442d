package registry

import (
	"fmt"
	"strconv"
	"sync/atomic"

	"github.com/mcptop/mcptop/workload"
)

// ringSize is how many distinct keys each worker cycles through. Every key is
// unregistered by the op that registered it, so reuse is safe; the ring only
// spreads a worker's keys over the table (and over Sharded's shards) without
// building a string per op.
const ringSize = 256

// prefillOwner is the owner of the keys registered before a run.
const prefillOwner Owner = 1<<64 - 1

// Impls are the registry's implementations, in the order the workload
// lists them: how a Go programmer might hold a name table shared by many
// goroutines.
var Impls = []struct {
	Name, Label string
	New         func() Registry
}{
	{"owner", "owner goroutine (gen_server)", func() Registry { return NewServer() }},
	{"mutex", "sync.Mutex + map", func() Registry { return NewMutex() }},
	{"rwmutex", "sync.RWMutex + map", func() Registry { return NewRWMutex() }},
	{"syncmap", "sync.Map", func() Registry { return NewSyncMap() }},
	{"sharded", "64 mutex-sharded maps", func() Registry { return NewSharded() }},
	{"xsync", "xsync.Map (puzpuzpuz/xsync v4)", func() Registry { return NewXsync() }},
}

// prefillParam is the workload's parameter.
var prefillParam = workload.Param{
	Name: "prefill", Help: "names registered before the run starts", Unit: "keys",
	Default: 10_000, Min: 0, Max: 1_000_000, Steps: []int{0, 1_000, 10_000, 100_000, 1_000_000},
}

// Workload returns the registry workload: one op registers a name unique to
// the worker, looks it up and checks the owner, then unregisters it, with
// "prefill" other names registered beforehand. Its default pair is the
// seed's: the owner goroutine against the sharded map.
func Workload() workload.Workload {
	w := workload.Workload{
		Name:        "registry",
		Description: "register, look up and unregister a unique name beside prefill registered names",
		Params:      []workload.Param{prefillParam},
		Pair:        [2]string{"owner", "sharded"},
	}
	for _, im := range Impls {
		w.Impls = append(w.Impls, workload.Impl{Name: im.Name, Label: im.Label,
			New: func(p workload.Params) (workload.Instance, error) { return newInstance(im.Name, im.New, p) }})
	}
	return w
}

func newInstance(name string, newReg func() Registry, p workload.Params) (workload.Instance, error) {
	if err := Workload().Validate(p); err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	prefill, ok := p[prefillParam.Name]
	if !ok {
		prefill = prefillParam.Default
	}
	reg := newReg()
	for i := range prefill {
		if err := reg.Register("prefill/"+strconv.Itoa(i), prefillOwner); err != nil {
			_ = reg.Close()
			return nil, fmt.Errorf("registry: prefill: %w", err)
		}
	}
	return &instance{reg: reg, prefix: name}, nil
}

// instance is one implementation's registry, set up for a run.
type instance struct {
	reg     Registry
	prefix  string
	workers atomic.Uint64 // workers handed out, so every worker's keys differ
}

// Worker returns a worker with its own owner identity and key ring. Keys are
// numbered by the order Worker is called, not by i, so two workers can never
// share keys even if the engine asks twice for the same i.
func (in *instance) Worker(int) workload.Worker {
	id := in.workers.Add(1)
	w := &worker{reg: in.reg, owner: Owner(id), keys: make([]string, ringSize)}
	base := in.prefix + "/w" + strconv.FormatUint(id, 10) + "/"
	for j := range w.keys {
		w.keys[j] = base + strconv.Itoa(j)
	}
	return w
}

// BytesPerOp is 0: a registry op moves no payload.
func (in *instance) BytesPerOp() int64 { return 0 }

// Close closes the registry, stopping the baseline's owner goroutine.
func (in *instance) Close() error { return in.reg.Close() }

// worker runs registry ops from one engine goroutine.
type worker struct {
	reg   Registry
	owner Owner
	keys  []string
	next  int
}

// Op registers the next key of the ring, looks it up, checks that it is the
// worker's, and unregisters it.
func (w *worker) Op() error {
	key := w.keys[w.next]
	w.next++
	if w.next == len(w.keys) {
		w.next = 0
	}
	if err := w.reg.Register(key, w.owner); err != nil {
		return err
	}
	owner, err := w.reg.Lookup(key)
	if err == nil && owner != w.owner {
		err = fmt.Errorf("lookup %q: owner %d, want %d", key, owner, w.owner)
	}
	// Unregister even after a failed lookup, so that the key can be
	// registered again when the ring comes round.
	if uerr := w.reg.Unregister(key); err == nil {
		err = uerr
	}
	return err
}
