package mcpwire

import (
	"testing"

	"github.com/mcptop/mcptop/workload"
)

func TestE2EWorkload(t *testing.T) {
	w := E2EWorkload()
	cases := []struct {
		name    string
		impl    string
		params  workload.Params
		workers int
		ops     int64
	}{
		{"baseline defaults", "mcptop-std", nil, 2, 500},
		{"optimised defaults", "mcptop-opt", nil, 2, 500},
		{"baseline 100KiB one conn", "mcptop-std", workload.Params{"conns": 1, "depth": 2, "size": 100 << 10}, 1, 4},
		{"optimised 100KiB one conn", "mcptop-opt", workload.Params{"conns": 1, "depth": 2, "size": 100 << 10}, 1, 4},
		{"optimised more workers than conns", "mcptop-opt", workload.Params{"conns": 1, "depth": 8}, 3, 100},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := w.Defaults()
			for k, v := range tc.params {
				p[k] = v
			}
			if err := w.Validate(p); err != nil {
				t.Fatal(err)
			}
			im, ok := w.Impl(tc.impl)
			if !ok {
				t.Fatalf("no implementation %q", tc.impl)
			}
			in, err := im.New(p)
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			var ws []workload.Pipeline
			for i := range tc.workers {
				pw, ok := in.Worker(i).(workload.Pipeline)
				if !ok {
					t.Fatal("e2e worker is not a Pipeline")
				}
				ws = append(ws, pw)
			}
			var rec workload.Tally
			if err := rec.RunFor(ws[0], tc.ops); err != nil {
				t.Fatal(err)
			}
			if rec.Errs != 0 || rec.Last != nil {
				t.Fatalf("%d errors, last %v", rec.Errs, rec.Last)
			}
			if rec.TimedN != rec.Ops {
				t.Fatalf("timed %d of %d ops", rec.TimedN, rec.Ops)
			}
			for i, pw := range ws[1:] {
				var other workload.Tally
				pw.Run(func() bool { return true }, &other)
				conns := p["conns"]
				if i+1 >= conns && (other.Ops != 0 || other.Last != nil) {
					t.Fatalf("worker %d has no connection but did %d ops", i+1, other.Ops)
				}
			}
			if in.BytesPerOp() < int64(p["size"]) {
				t.Fatalf("BytesPerOp %d is less than the request size %d", in.BytesPerOp(), p["size"])
			}
		})
	}
}
