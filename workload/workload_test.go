package workload

import (
	"errors"
	"testing"
)

func TestParamNext(t *testing.T) {
	t.Parallel()
	steps := Param{Name: "depth", Min: 1, Max: 10000, Steps: []int{1, 100, 1000, 10000}}
	free := Param{Name: "workers", Min: 1, Max: 256}
	for _, tc := range []struct {
		name      string
		p         Param
		v, dir, w int
	}{
		{"step up", steps, 100, 1, 1000},
		{"step down", steps, 100, -1, 1},
		{"step up at the top stays", steps, 10000, 1, 10000},
		{"step down at the bottom stays", steps, 1, -1, 1},
		{"between steps goes to the next", steps, 500, 1, 1000},
		{"doubles", free, 3, 1, 6},
		{"halves", free, 3, -1, 1},
		{"clamps at max", free, 200, 1, 256},
		{"clamps at min", free, 1, -1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.Next(tc.v, tc.dir); got != tc.w {
				t.Fatalf("Next(%d, %d) = %d, want %d", tc.v, tc.dir, got, tc.w)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	w := Workload{Name: "w", Params: []Param{{Name: "size", Default: 4, Min: 1, Max: 8}}}
	if err := w.Validate(w.Defaults()); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for _, bad := range []Params{{"size": 0}, {"size": 9}, {"depth": 1}} {
		if err := w.Validate(bad); err == nil {
			t.Errorf("Validate(%v) accepted", bad)
		}
	}
}

func TestParamsJoinAndWithout(t *testing.T) {
	t.Parallel()
	p := Params{"workers": 2, "depth": 10, "size": 1024}
	if got := p.String(); got != "depth=10 size=1024 workers=2" {
		t.Fatalf("String = %q", got)
	}
	if got := p.Join(";"); got != "depth=10;size=1024;workers=2" {
		t.Fatalf("Join = %q", got)
	}
	q := p.Without("workers")
	if _, ok := q["workers"]; ok || len(q) != 2 || p["workers"] != 2 {
		t.Fatalf("Without: %v (original %v)", q, p)
	}
}

func TestImpls(t *testing.T) {
	t.Parallel()
	none := func(Variant, Params) (Instance, error) { return nil, nil }
	w := Workload{Name: "w"}.WithSides([2]string{"old", "new"}, [2]string{"the old one", "the new one"}, none)
	if err := w.CheckImpls(); err != nil {
		t.Fatal(err)
	}
	if im, ok := w.Impl("new"); !ok || im.Label != "the new one" || w.Pair != [2]string{"old", "new"} {
		t.Fatalf("Impl(new) = %+v, %v; pair %v", im, ok, w.Pair)
	}
	if err := w.CheckImpl("other"); err == nil || err.Error() != `workload w has no implementation "other" (have old, new)` {
		t.Fatalf("CheckImpl(other) = %v", err)
	}
	for _, tc := range []struct {
		name string
		edit func(w *Workload)
	}{
		{"none", func(w *Workload) { w.Impls = nil }},
		{"repeated", func(w *Workload) { w.Impls[1].Name = "old" }},
		{"unnamed", func(w *Workload) { w.Impls[0].Name = "" }},
		{"no constructor", func(w *Workload) { w.Impls[0].New = nil }},
		{"pair names another", func(w *Workload) { w.Pair[1] = "other" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := w
			c.Impls = append([]Impl(nil), w.Impls...)
			tc.edit(&c)
			if err := c.CheckImpls(); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestLoop(t *testing.T) {
	t.Parallel()
	var rec Tally
	stops := 0
	l := NewLoop(func() bool { stops++; return stops >= 3 }, &rec)
	failed := errors.New("failed")
	if !l.Done(true, Now(), nil) || !l.Done(false, 0, failed) {
		t.Fatal("stopped before stop said so")
	}
	if rec.TimedN != 1 || rec.Ops != 1 || rec.Drains != 0 {
		t.Fatalf("before the drain: %+v", rec)
	}
	if l.Done(false, 0, nil) {
		t.Fatal("still issuing after stop said so")
	}
	if rec.Drains != 1 || rec.Ops != 3 || rec.Errs != 1 || rec.Last != failed {
		t.Fatalf("at the drain, the counts so far are handed over: %+v", rec)
	}
	l.Done(false, 0, nil)
	l.Fail(2, failed)
	l.Close()
	if rec.Ops != 6 || rec.Errs != 3 || stops != 3 || rec.Drains != 1 {
		t.Fatalf("after Close: %+v, stop asked %d times", rec, stops)
	}
}
