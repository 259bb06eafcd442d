package codec

import (
	"bytes"
	"errors"
	"testing"

	"github.com/mcptop/mcptop/workload"
)

func TestWorkloadDescription(t *testing.T) {
	t.Parallel()
	w := Workload()
	if w.Name != "codec" || w.Pair != [2]string{"json-map", "easyjson"} || w.Description == "" {
		t.Fatalf("workload %q %v %q", w.Name, w.Pair, w.Description)
	}
	if err := w.CheckImpls(); err != nil {
		t.Fatal(err)
	}
	if len(w.Params) != 1 {
		t.Fatalf("params %+v", w.Params)
	}
	p := w.Params[0]
	if p.Name != "size" || p.Default != 1024 || p.Min != 1024 || p.Max != 102400 || p.Unit != "B" ||
		len(p.Steps) != 3 || p.Steps[0] != 1024 || p.Steps[1] != 10240 || p.Steps[2] != 102400 {
		t.Fatalf("size param %+v", p)
	}
	for v, name := range w.Pair {
		if got, want := New(workload.Variants[v]).Name(), codecNamed(t, name).Name(); got != want {
			t.Errorf("stack %s codec %q, want the pair's %q", workload.Variants[v], got, want)
		}
	}
}

func TestWorkloadRejectsBadParams(t *testing.T) {
	t.Parallel()
	cases := map[string]workload.Params{
		"too small":     {"size": 1023},
		"too large":     {"size": 102401},
		"unknown param": {"size": 1024, "depth": 3},
	}
	for name, p := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if in, err := Workload().Impls[0].New(p); err == nil {
				_ = in.Close()
				t.Fatal("accepted")
			}
		})
	}
}

func TestWorkloadOps(t *testing.T) {
	t.Parallel()
	for _, size := range Workload().Params[0].Steps {
		outs := map[string][]byte{}
		for _, im := range Workload().Impls {
			v := im.Name
			in, err := im.New(workload.Params{"size": size})
			if err != nil {
				t.Fatal(err)
			}
			w := in.Worker(0).(*worker)
			for range 3 {
				if err := w.Op(); err != nil {
					t.Fatalf("%s size %d: %v", v, size, err)
				}
			}
			if len(w.request) != size {
				t.Errorf("%s: request is %d bytes, want %d", v, len(w.request), size)
			}
			if got, want := in.BytesPerOp(), int64(len(w.request)+len(w.out)); got != want {
				t.Errorf("%s: BytesPerOp %d, want request+response %d", v, got, want)
			}
			outs[v] = bytes.Clone(w.out)
			if err := in.Close(); err != nil {
				t.Fatal(err)
			}
		}
		for name, out := range outs {
			if !bytes.Equal(out, outs["json-map"]) {
				t.Errorf("size %d: %s's response differs from encoding/json's", size, name)
			}
		}
	}
}

func TestWorkersAreIndependent(t *testing.T) {
	t.Parallel()
	in, err := newInstance(Easy{}, workload.Params{"size": 1024})
	if err != nil {
		t.Fatal(err)
	}
	a, b := in.Worker(0).(*worker), in.Worker(1).(*worker)
	if a.id == b.id || bytes.Equal(a.request, b.request) {
		t.Fatal("workers share an id or request")
	}
	if a.id != IntID(firstID) {
		t.Fatalf("worker 0 id %s, want 2^53+1", a.id)
	}
	for _, w := range []*worker{a, b, a} {
		if err := w.Op(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpDetectsWrongAnswers(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		spoil func(w *worker)
		want  error
	}{
		"wrong id":        {func(w *worker) { w.id = IntID(firstID + 1) }, errWrongID},
		"wrong text":      {func(w *worker) { w.want += "!" }, errWrongResult},
		"wrong tool":      {func(w *worker) { w.request = bytes.Replace(w.request, []byte(`"echo"`), []byte(`"ohce"`), 1) }, errWrongCall},
		"corrupt request": {func(w *worker) { w.request = w.request[:len(w.request)-1] }, nil},
	}
	for _, im := range Workload().Impls {
		for name, c := range cases {
			t.Run(im.Name+"/"+name, func(t *testing.T) {
				t.Parallel()
				in, err := im.New(workload.Params{"size": 1024})
				if err != nil {
					t.Fatal(err)
				}
				w := in.Worker(0).(*worker)
				c.spoil(w)
				err = w.Op()
				if err == nil {
					t.Fatal("op passed")
				}
				var rpc *Error
				if c.want != nil && !errors.Is(err, c.want) || c.want == nil && !errors.As(err, &rpc) {
					t.Fatalf("op failed with %v, want %v", err, c.want)
				}
			})
		}
	}
}

func TestEchoRequestSizes(t *testing.T) {
	t.Parallel()
	for _, size := range []int{200, 1024, 1025, 4097, 10240, 102400} {
		req, err := EchoRequest(IntID(firstID), size)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range codecs {
			data, err := c.AppendRequest(nil, &req)
			if err != nil {
				t.Fatal(err)
			}
			if len(data) != size {
				t.Errorf("%s: %d bytes, want %d", c.Name(), len(data), size)
			}
		}
	}
	if _, err := EchoRequest(IntID(1), 50); err == nil {
		t.Error("a 50-byte request was built")
	}
}

func TestOptimisedOpAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	in, err := newInstance(Easy{}, workload.Params{"size": 10240})
	if err != nil {
		t.Fatal(err)
	}
	w := in.Worker(0)
	// Unescaping the text of the request and of the response needs one
	// buffer each; nothing else may allocate.
	if allocs := testing.AllocsPerRun(50, func() {
		if err := w.Op(); err != nil {
			t.Fatal(err)
		}
	}); allocs > 2 {
		t.Fatalf("op allocated %v times, want at most 2", allocs)
	}
}

// codecNamed returns a fresh codec of the named implementation.
func codecNamed(t testing.TB, name string) Codec {
	t.Helper()
	for _, c := range Codecs {
		if c.Name == name {
			return c.New()
		}
	}
	t.Fatalf("no codec %q", name)
	return nil
}
