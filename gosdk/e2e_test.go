package gosdk

import (
	"testing"

	"github.com/mcptop/mcptop/mcpwire"
	"github.com/mcptop/mcptop/workload"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestE2E(t *testing.T) {
	w := mcpwire.E2EWorkload(Impl())
	im, ok := w.Impl("go-sdk")
	if !ok || im.Label == "" {
		t.Fatalf("the e2e workload has no go-sdk implementation: %v", w.ImplNames())
	}
	cases := []struct {
		name    string
		params  workload.Params
		workers int
		ops     int64
	}{
		{"defaults", nil, 2, 500},
		{"100KiB one conn", workload.Params{"conns": 1, "depth": 2, "size": 100 << 10}, 1, 4},
		{"more workers than conns", workload.Params{"conns": 1, "depth": 8}, 3, 100},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := w.Defaults()
			for k, v := range tc.params {
				p[k] = v
			}
			in, err := im.New(p)
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			var ws []workload.Pipeline
			for i := range tc.workers {
				ws = append(ws, in.Worker(i).(workload.Pipeline))
			}
			rec := workload.Tally{Every: 2}
			if err := rec.RunFor(ws[0], tc.ops); err != nil {
				t.Fatal(err)
			}
			if rec.Errs != 0 || rec.Last != nil {
				t.Fatalf("%d errors, last %v", rec.Errs, rec.Last)
			}
			if rec.TimedN < rec.Ops/4 || rec.TimedN > 3*rec.Ops/4 {
				t.Fatalf("timed %d of %d ops, want about half", rec.TimedN, rec.Ops)
			}
			if rec.Fulls == 0 || rec.Drains != rec.Fulls {
				t.Fatalf("%d fulls, %d drains", rec.Fulls, rec.Drains)
			}
			for i, pw := range ws[1:] {
				var other workload.Tally
				pw.Run(func() bool { return true }, &other)
				if i+1 >= p["conns"] && other.Ops != 0 {
					t.Fatalf("worker %d has no connection but did %d ops", i+1, other.Ops)
				}
			}
			if err := ws[0].(workload.Worker).Op(); err != nil {
				t.Fatalf("Op: %v", err)
			}
			if in.BytesPerOp() < int64(p["size"]) {
				t.Fatalf("BytesPerOp %d is less than the request size %d", in.BytesPerOp(), p["size"])
			}
		})
	}
}

func TestBadParams(t *testing.T) {
	if in, err := Impl().New(workload.Params{"conns": 0, "depth": 1, "size": 1024}); err == nil {
		in.Close()
		t.Fatal("accepted 0 conns")
	}
}
