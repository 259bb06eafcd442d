package registry

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/mcptop/mcptop/workload"
)

func newTestInstance(t *testing.T, im workload.Impl, prefill int) *instance {
	t.Helper()
	in, err := im.New(workload.Params{"prefill": prefill})
	if err != nil {
		t.Fatalf("New(%s): %v", im.Name, err)
	}
	return in.(*instance)
}

func TestWorkloadDescription(t *testing.T) {
	t.Parallel()
	w := Workload()
	if w.Name != "registry" || w.Description == "" {
		t.Fatalf("Workload() = %+v: name or description missing", w)
	}
	if err := w.CheckImpls(); err != nil {
		t.Fatal(err)
	}
	if w.Pair != [2]string{"owner", "sharded"} {
		t.Fatalf("default pair %v, want the seed's owner and sharded", w.Pair)
	}
	for _, im := range w.Impls {
		if im.Label == "" {
			t.Errorf("%s has no label", im.Name)
		}
	}
	if d := w.Defaults(); d.String() != "prefill=10000" {
		t.Fatalf("Defaults() = %v, want prefill=10000", d)
	}
	p, ok := w.Param("prefill")
	if !ok {
		t.Fatal("no prefill parameter")
	}
	for _, s := range p.Steps {
		if err := p.Validate(s); err != nil {
			t.Errorf("step %d invalid: %v", s, err)
		}
	}
}

func TestWorkloadValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		params  workload.Params
		wantErr string // "" means valid
	}{
		{"defaults", Workload().Defaults(), ""},
		{"empty", workload.Params{}, ""},
		{"min", workload.Params{"prefill": 0}, ""},
		{"max", workload.Params{"prefill": 1_000_000}, ""},
		{"negative", workload.Params{"prefill": -1}, "prefill must be between"},
		{"too many", workload.Params{"prefill": 1_000_001}, "prefill must be between"},
		{"unknown", workload.Params{"size": 10}, `no parameter "size"`},
		{"engine's workers", workload.Params{"workers": 4}, `no parameter "workers"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Workload().Validate(tt.params)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Validate(%v): %v", tt.params, err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("Validate(%v) = %v, want error containing %q", tt.params, err, tt.wantErr)
			}
			if tt.wantErr == "" {
				return
			}
			// New must refuse what Validate refuses, for every implementation.
			for _, im := range Workload().Impls {
				if in, err := im.New(tt.params); err == nil {
					_ = in.Close()
					t.Fatalf("%s New(%v) accepted bad parameters", im.Name, tt.params)
				}
			}
		})
	}
}

func TestWorkloadRun(t *testing.T) {
	t.Parallel()
	const (
		prefill = 1000
		workers = 2
		ops     = 300
	)
	for _, im := range Workload().Impls {
		t.Run(im.Name, func(t *testing.T) {
			t.Parallel()
			in := newTestInstance(t, im, prefill)
			if got := in.reg.Len(); got != prefill {
				t.Fatalf("after New, Len() = %d, want prefill %d", got, prefill)
			}
			if in.BytesPerOp() != 0 {
				t.Fatalf("BytesPerOp() = %d, want 0", in.BytesPerOp())
			}
			var wg sync.WaitGroup
			for i := range workers {
				w := in.Worker(i)
				wg.Go(func() {
					for range ops {
						if err := w.Op(); err != nil {
							t.Errorf("Op: %v", err)
							return
						}
					}
				})
			}
			wg.Wait()
			if got := in.reg.Len(); got != prefill {
				t.Fatalf("after ops, Len() = %d, want prefill %d (an op left a key behind)", got, prefill)
			}
			w := in.Worker(0)
			if err := in.Close(); err != nil {
				t.Fatalf("Close: %v", err)
			}
			if err := w.Op(); !errors.Is(err, ErrClosed) {
				t.Fatalf("Op after Close = %v, want ErrClosed", err)
			}
		})
	}
}

func TestWorkerKeysDistinct(t *testing.T) {
	t.Parallel()
	for _, im := range Workload().Impls {
		t.Run(im.Name, func(t *testing.T) {
			t.Parallel()
			in := newTestInstance(t, im, 0)
			defer in.Close()
			seen := make(map[string]bool)
			// Asking twice for the same index still gives distinct keys.
			for _, i := range []int{0, 1, 1} {
				w := in.Worker(i).(*worker)
				for _, k := range w.keys {
					if seen[k] {
						t.Fatalf("key %q handed to two workers", k)
					}
					seen[k] = true
				}
			}
		})
	}
}

func TestWorkerReportsCollision(t *testing.T) {
	t.Parallel()
	for _, im := range Workload().Impls {
		t.Run(im.Name, func(t *testing.T) {
			t.Parallel()
			in := newTestInstance(t, im, 0)
			defer in.Close()
			w := in.Worker(0).(*worker)
			if err := in.reg.Register(w.keys[0], w.owner+1); err != nil {
				t.Fatal(err)
			}
			if err := w.Op(); !errors.Is(err, ErrExists) {
				t.Fatalf("Op on a key held by another owner = %v, want ErrExists", err)
			}
			if err := w.Op(); err != nil {
				t.Fatalf("Op on the next key: %v", err)
			}
		})
	}
}

func TestWorkerOpAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	// sync.Map boxes keys and owners, xsync allocates an entry per insert:
	// that is part of what they cost.
	allocating := map[string]bool{"syncmap": true, "xsync": true}
	for _, im := range Workload().Impls {
		if allocating[im.Name] {
			continue
		}
		t.Run(im.Name, func(t *testing.T) {
			in := newTestInstance(t, im, 100)
			defer in.Close()
			w := in.Worker(0)
			if a := testing.AllocsPerRun(1000, func() {
				if err := w.Op(); err != nil {
					t.Fatal(err)
				}
			}); a != 0 {
				t.Fatalf("Op allocates %.1f times, want 0", a)
			}
		})
	}
}
