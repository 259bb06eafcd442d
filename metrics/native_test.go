package metrics

import (
	"errors"
	"io"
	"math"
	"net/http"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/workload"
)

// scrapeProto scrapes addr asking for the protobuf format, the only one
// that carries native histograms.
func scrapeProto(t *testing.T, addr string) map[string]*dto.MetricFamily {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/metrics", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", string(expfmt.NewFormat(expfmt.TypeProtoDelim)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if got := expfmt.ResponseFormat(resp.Header).FormatType(); got != expfmt.TypeProtoDelim {
		t.Fatalf("served %v, not delimited protobuf", resp.Header.Get("Content-Type"))
	}
	dec := expfmt.NewDecoder(resp.Body, expfmt.ResponseFormat(resp.Header))
	out := map[string]*dto.MetricFamily{}
	for {
		var mf dto.MetricFamily
		err := dec.Decode(&mf)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out[mf.GetName()] = &mf
	}
}

// nativeBuckets expands a native histogram's spans and deltas into counts
// by bucket index.
func nativeBuckets(t *testing.T, h *dto.Histogram) map[int]uint64 {
	t.Helper()
	out := map[int]uint64{}
	i, k := 0, 0
	var count int64
	for _, sp := range h.GetPositiveSpan() {
		i += int(sp.GetOffset())
		for range sp.GetLength() {
			count += h.GetPositiveDelta()[k]
			if count > 0 {
				out[i] = uint64(count)
			}
			i++
			k++
		}
	}
	if k != len(h.GetPositiveDelta()) {
		t.Fatalf("%d deltas for spans of %d buckets", len(h.GetPositiveDelta()), k)
	}
	return out
}

// TestNativeHistogramMatchesEngine feeds the exporter two seconds of a
// known engine histogram and checks, on a protobuf scrape, that every
// native bucket holds exactly the engine buckets whose midpoint lies within
// its bounds, that the zero bucket holds the zeros, that the classic
// buckets are still there, and that every series names its instance.
func TestNativeHistogramMatchesEngine(t *testing.T) {
	t.Parallel()
	var h percentile.Histogram
	for _, v := range []int64{0, 0, 1, 7, 255, 256, 300, 999, 1000, 1001, 4096, 12_345, 99_999, 250_000, 1_000_000, 3_333_333, 2e9, 20_000_000_000} {
		h.RecordN(v, v%7+1)
	}
	exp := New([]workload.Workload{testWorkload()}, "test", "pod-3")
	for range 2 {
		info := engine.TickInfo{Workload: "loop", Impls: [2]string{"a", "b"}, Params: workload.Params{"size": 3, "workers": 1}}
		info.Samples[0].Ops = h.Count()
		info.Hist[0] = &h
		exp.OnTick(info)
	}
	srv, err := Listen("127.0.0.1:0", exp)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	mf := scrapeProto(t, srv.Addr())
	for name, f := range mf {
		for _, m := range f.Metric {
			if !hasLabel(m, InstanceLabel, "pod-3") {
				t.Errorf("%s: a series without %s=pod-3: %v", name, InstanceLabel, m.GetLabel())
			}
		}
	}
	got := value(t, mf, "mcptop_op_latency_seconds", "baseline").GetHistogram()
	if got.GetSchema() != NativeSchema || got.GetZeroThreshold() != 0 {
		t.Fatalf("schema %d, zero threshold %v", got.GetSchema(), got.GetZeroThreshold())
	}
	if got.GetSampleCount() != 2*uint64(h.Count()) {
		t.Fatalf("count %d, want %d", got.GetSampleCount(), 2*h.Count())
	}
	want := map[int]uint64{}
	var zeros uint64
	per := float64(int(1) << got.GetSchema())
	for i, b := range nativeBuckets(t, got) {
		lo, hi := math.Exp2(float64(i-1)/per), math.Exp2(float64(i)/per)
		want[i] = 0
		for _, eb := range h.Buckets() {
			if mid := float64(eb.Lo+eb.Hi) / 2 / 1e9; mid > lo && mid <= hi {
				want[i] += 2 * eb.Count
			}
		}
		if b != want[i] {
			t.Errorf("native bucket %d (%g, %g] s: %d, want %d", i, lo, hi, b, want[i])
		}
	}
	var total uint64
	for _, eb := range h.Buckets() {
		total += 2 * eb.Count
		if eb.Lo == 0 {
			zeros += 2 * eb.Count
		}
	}
	for _, c := range want {
		total -= c
	}
	if got.GetZeroCount() != zeros || total != zeros {
		t.Fatalf("zero bucket %d, want %d; %d counts in no native bucket", got.GetZeroCount(), zeros, total-zeros)
	}
	above := 2 * uint64(20_000_000_000%7+1) // the 20 s values
	classic := got.GetBucket()
	if len(classic) != len(Buckets) || classic[len(classic)-1].GetCumulativeCount() != got.GetSampleCount()-above {
		t.Fatalf("classic buckets %v: want %d, all but the 20 s values within 10 s", classic, len(Buckets))
	}
}

func hasLabel(m *dto.Metric, name, value string) bool {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue() == value
		}
	}
	return false
}

func TestNativeIndexBounds(t *testing.T) {
	t.Parallel()
	for _, v := range []float64{1e-9, 2.5e-7, 1e-6, 0.5, 1, 1.0001, 2, 3, 10} {
		i := nativeIndex(v)
		lo, hi := math.Exp2(float64(i-1)/128), math.Exp2(float64(i)/128)
		if !(v > lo && v <= hi) {
			t.Errorf("%g in bucket %d (%g, %g]", v, i, lo, hi)
		}
	}
	if nativeIndex(1) != 0 || nativeIndex(2) != 128 || nativeIndex(0.5) != -128 {
		t.Errorf("powers of two: 1→%d 2→%d 0.5→%d, want 0, 128, -128", nativeIndex(1), nativeIndex(2), nativeIndex(0.5))
	}
}
