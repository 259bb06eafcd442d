package metrics

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/workload"
)

// Buckets are the latency histogram's upper bounds, in seconds: 1-2.5-5 per
// decade from 100 ns to 10 s.
var Buckets = func() []float64 {
	var b []float64
	for e := -7; e <= 1; e++ {
		for _, m := range []string{"1", "2.5", "5"} {
			x, _ := strconv.ParseFloat(fmt.Sprintf("%se%d", m, e), 64) // exact decimal bounds
			b = append(b, x)
		}
	}
	return b[:len(b)-2] // end at 10 s
}()

type key struct {
	workload string
	variant  workload.Variant
	impl     string
	params   string // label values joined, for the map key
}

type series struct {
	labels  []string
	created time.Time // first seen, as the histogram's created timestamp
	ops     float64
	errs    float64
	count   uint64
	sum     float64
	buckets []uint64 // per bucket, not cumulative
	native  native
}

// Exporter is a prometheus.Collector fed once per second by the engine.
type Exporter struct {
	paramNames []string // sorted union of every workload's parameters and "workers"

	opsDesc, errDesc, latDesc, obsDesc, infoDesc *prometheus.Desc

	mu       sync.Mutex
	series   map[key]*series
	observer time.Duration
}

// InstanceLabel is the label every series carries with the name of the
// mcptop that exports it (--instance). It is not "instance": Prometheus sets
// that to the scraped address, and would rename ours to exported_instance.
const InstanceLabel = "mcptop_instance"

// New returns an exporter for the given workloads; instance names this
// mcptop (InstanceLabel) on every series.
func New(ws []workload.Workload, version, instance string) *Exporter {
	seen := map[string]bool{engine.WorkersParam.Name: true}
	for _, w := range ws {
		for _, p := range w.Params {
			seen[p.Name] = true
		}
	}
	var names []string
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	labels := append([]string{"workload", "variant", "impl"}, names...)
	inst := prometheus.Labels{InstanceLabel: instance}
	return &Exporter{
		paramNames: names,
		opsDesc:    prometheus.NewDesc("mcptop_ops_total", "Operations that succeeded in the steady state, by workload, variant and implementation.", labels, inst),
		errDesc:    prometheus.NewDesc("mcptop_errors_total", "Operations that failed, by workload, variant and implementation.", labels, inst),
		latDesc: prometheus.NewDesc("mcptop_op_latency_seconds", "Latency of one successful operation (of every op, or of a random sample "+
			"of them), by workload, variant and implementation: classic buckets and a native histogram.", labels, inst),
		obsDesc: prometheus.NewDesc("mcptop_observer_cost_seconds", "Measured cost of timing one op: two clock reads and a histogram record.", nil, inst),
		infoDesc: prometheus.NewDesc("mcptop_build_info", "Build information; the value is always 1.", nil,
			prometheus.Labels{"version": version, "goversion": runtime.Version(), InstanceLabel: instance}),
		series: map[key]*series{},
	}
}

// SetObserverCost records the engine's observer cost.
func (e *Exporter) SetObserverCost(d time.Duration) {
	e.mu.Lock()
	e.observer = d
	e.mu.Unlock()
}

// OnTick folds one closed second in; pass it as engine.Config.OnTick.
func (e *Exporter) OnTick(t engine.TickInfo) {
	values := make([]string, len(e.paramNames))
	for i, n := range e.paramNames {
		if v, ok := t.Params[n]; ok {
			values[i] = fmt.Sprint(v)
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for v := range 2 {
		variant := workload.Variants[v]
		k := key{t.Workload, variant, t.Impls[v], fmt.Sprint(values)}
		s := e.series[k]
		if s == nil {
			s = &series{
				labels:  append([]string{t.Workload, variant.String(), t.Impls[v]}, values...),
				created: time.Now(),
				buckets: make([]uint64, len(Buckets)+1), // last: above every bound
				native:  native{buckets: map[int]int64{}},
			}
			e.series[k] = s
		}
		s.ops += float64(t.Samples[v].Ops)
		s.errs += float64(t.Samples[v].Errors)
		if h := t.Hist[v]; h != nil {
			for _, b := range h.Buckets() {
				mid := float64(b.Lo+b.Hi) / 2 / 1e9
				s.buckets[sort.SearchFloat64s(Buckets, mid)] += b.Count
				s.native.add(mid, b.Count)
			}
			s.count += uint64(h.Count())
			s.sum += h.Mean() * float64(h.Count()) / 1e9
		}
	}
}

// Describe implements prometheus.Collector.
func (e *Exporter) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{e.opsDesc, e.errDesc, e.latDesc, e.obsDesc, e.infoDesc} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (e *Exporter) Collect(ch chan<- prometheus.Metric) {
	e.mu.Lock()
	defer e.mu.Unlock()
	ch <- prometheus.MustNewConstMetric(e.infoDesc, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(e.obsDesc, prometheus.GaugeValue, e.observer.Seconds())
	for _, s := range e.series {
		ch <- prometheus.MustNewConstMetric(e.opsDesc, prometheus.CounterValue, s.ops, s.labels...)
		ch <- prometheus.MustNewConstMetric(e.errDesc, prometheus.CounterValue, s.errs, s.labels...)
		ch <- s.histogram(e.latDesc)
	}
}

// Server serves /metrics on a listener opened up front, so that a port in
// use or a bad address is an error before anything starts.
type Server struct {
	ln  net.Listener
	srv *http.Server
}

// Listen opens addr ("HOST:PORT"; an empty host means 127.0.0.1) for e.
func Listen(addr string, e *Exporter) (*Server, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("%q is not HOST:PORT: %w", addr, err)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(e)
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintln(w, "mcptop: metrics at /metrics")
	})
	s := &Server{ln: ln, srv: &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = err // the listener was closed under us; nothing else to do
		}
	}()
	return s, nil
}

// Addr is the address actually listened on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Close stops serving, waiting up to a second for scrapes in progress.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}
