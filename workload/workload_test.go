package workload

import "testing"

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
