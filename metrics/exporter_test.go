package metrics

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"go.uber.org/goleak"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/workload"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type inst struct{}

func (inst) Worker(int) workload.Worker {
	x := 0
	return workload.Func(func() error {
		for i := range 2000 {
			x += i
		}
		if x == -1 {
			return net.ErrClosed
		}
		return nil
	})
}
func (inst) BytesPerOp() int64 { return 0 }
func (inst) Close() error      { return nil }

func testWorkload() workload.Workload {
	return workload.Workload{
		Name:   "loop",
		Params: []workload.Param{{Name: "size", Default: 3, Min: 1, Max: 9}},
	}.WithSides([2]string{"a", "b"}, [2]string{"a", "b"}, func(workload.Variant, workload.Params) (workload.Instance, error) { return inst{}, nil })
}

func scrape(t *testing.T, addr string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	mf, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("exposition does not parse: %v", err)
	}
	return mf
}

func value(t *testing.T, mf map[string]*dto.MetricFamily, name, variant string) *dto.Metric {
	t.Helper()
	f := mf[name]
	if f == nil {
		t.Fatalf("no %s", name)
	}
	for _, m := range f.Metric {
		labels := map[string]string{}
		for _, l := range m.Label {
			labels[l.GetName()] = l.GetValue()
		}
		if labels["variant"] == variant && labels["workload"] == "loop" {
			impl := map[string]string{"baseline": "a", "optimised": "b"}[variant]
			if labels["size"] != "3" || labels["workers"] != "1" || labels["impl"] != impl {
				t.Fatalf("labels %v", labels)
			}
			return m
		}
	}
	t.Fatalf("no %s for %s", name, variant)
	return nil
}

func TestScrapeMatchesEngine(t *testing.T) {
	ws := []workload.Workload{testWorkload()}
	exp := New(ws, "test", "pod-0")
	srv, err := Listen("127.0.0.1:0", exp)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	r, err := engine.New(engine.Config{Workloads: ws, Workers: 1, Slice: 2 * time.Millisecond,
		Tick: 20 * time.Millisecond, Observer: 50, OnTick: exp.OnTick})
	if err != nil {
		t.Fatal(err)
	}
	exp.SetObserverCost(r.ObserverCost())
	ch := r.Start(context.Background())
	ticks := 0
	for u := range ch {
		if u.Tick {
			ticks++
		}
		if ticks == 5 && u.Tick {
			r.Reset() // counters must survive a reset
		}
		if ticks == 10 {
			break
		}
	}
	r.Stop()
	for range ch {
	}
	// The engine's own record of every second (the reset run's too, via the
	// exporter's sums before and after).
	mf := scrape(t, srv.Addr())
	for v, name := range []string{"baseline", "optimised"} {
		ops := value(t, mf, "mcptop_ops_total", name).GetCounter().GetValue()
		h := value(t, mf, "mcptop_op_latency_seconds", name).GetHistogram()
		// The histogram holds the timed ops: every op, or a sample.
		if ops < 1 || h.GetSampleCount() < 1 || float64(h.GetSampleCount()) > ops {
			t.Fatalf("%s: ops counter %v, histogram count %d", name, ops, h.GetSampleCount())
		}
		snap := r.Snapshot()
		var lastRun float64
		for _, p := range snap.Runs[len(snap.Runs)-1].Variants[v].Series {
			lastRun += float64(p.Ops)
		}
		if ops <= lastRun {
			t.Fatalf("%s: counter %v not above the last run's %v: the reset cleared it", name, ops, lastRun)
		}
		if b := h.GetBucket(); len(b) < len(Buckets) || b[len(Buckets)-1].GetUpperBound() != 10 || b[len(Buckets)-1].GetCumulativeCount() > h.GetSampleCount() {
			t.Fatalf("%s: buckets %v", name, b)
		}
	}
	if got := mf["mcptop_observer_cost_seconds"].Metric[0].GetGauge().GetValue(); got != 50e-9 {
		t.Fatalf("observer cost %v", got)
	}
	if mf["mcptop_build_info"] == nil {
		t.Fatal("no build info")
	}
}

func TestCountersEqualTicks(t *testing.T) {
	t.Parallel()
	exp := New([]workload.Workload{testWorkload()}, "test", "pod-0")
	var want float64
	for i := range 7 {
		info := engine.TickInfo{Workload: "loop", Impls: [2]string{"a", "b"}, Params: workload.Params{"size": 3, "workers": 1}}
		info.Samples[0].Ops, info.Samples[1].Ops = int64(10*i), int64(i)
		info.Samples[0].Errors = 1
		want += float64(10 * i)
		exp.OnTick(info)
	}
	srv, err := Listen("127.0.0.1:0", exp)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	mf := scrape(t, srv.Addr())
	if got := value(t, mf, "mcptop_ops_total", "baseline").GetCounter().GetValue(); got != want {
		t.Fatalf("ops %v, want %v", got, want)
	}
	if got := value(t, mf, "mcptop_errors_total", "baseline").GetCounter().GetValue(); got != 7 {
		t.Fatalf("errors %v, want 7", got)
	}
}

func TestListenErrors(t *testing.T) {
	t.Parallel()
	exp := New(nil, "test", "")
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, addr := range []string{busy.Addr().String(), "nonsense", "127.0.0.1:99999"} {
		if s, err := Listen(addr, exp); err == nil {
			s.Close()
			t.Errorf("Listen(%q) succeeded", addr)
		}
	}
	s, err := Listen(":0", exp)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.HasPrefix(s.Addr(), "127.0.0.1:") {
		t.Fatalf("an empty host listened on %s, want loopback", s.Addr())
	}
}
