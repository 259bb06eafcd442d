package snapshot

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// valid returns a small snapshot that passes Validate.
func valid() *Snapshot {
	point := func(t int, warm bool, tput float64) Point {
		return Point{T: t, Warmup: warm, Ran: true, Ops: int64(tput / 2), Timed: int64(tput / 2), ActiveS: 0.5, WallS: 0.5, ThroughputOpsPerS: tput,
			LatencyP50Us: 1.5, LatencyP95Us: 3, LatencyP99Us: 4.25, LatencyMaxUs: 90, LatencyMeanUs: 1.8,
			AllocBytesPerOp: 48}
	}
	variant := func(name string, tput float64) VariantRun {
		return VariantRun{
			Variant: name, Impl: name[:4], Label: name + " impl",
			Series:    []Point{point(1, true, tput/2), point(2, false, tput), point(3, false, tput*1.01)},
			Summary:   Summary{Ticks: 2, ActiveTicks: 2, Ops: int64(tput), ThroughputMedianOpsPerS: tput, ThroughputCILowOpsPerS: tput * 0.9, ThroughputCIHighOpsPerS: tput * 1.1, LatencyP50Us: 1.5, LatencyP99Us: 4},
			Histogram: []Bucket{{LoNs: 1000, HiNs: 1007, Count: 3}, {LoNs: 1008, HiNs: 1015, Count: 1}},
		}
	}
	return &Snapshot{
		Schema: Schema, CreatedAt: "2026-01-02T03:04:05Z",
		Tool: Tool{Name: "mcptop", Version: "test"},
		Env:  Env{GoVersion: "go1.26", OS: "linux", Arch: "amd64", GOMAXPROCS: 2, NumCPU: 2, CPUModel: "cpu", Hostname: "h"},
		Runs: []Run{{
			Workload: "registry", Params: map[string]int{"keys": 1000, "prefill": 10}, Workers: 2,
			Settings: map[string]string{}, Mode: "alternate", SliceMs: 100, WarmupS: 1, Timing: "every op",
			Tails: TailsPerOp, TimedEvery: 1, AllocAttributable: true,
			StartedAt: "2026-01-02T03:04:05Z", DurationS: 3,
			Variants:   []VariantRun{variant("baseline", 1000), variant("optimised", 3000)},
			Comparison: Comparison{Metric: "throughput", Ratio: 3, CILow: 2.9, CIHigh: 3.1, Confidence: 0.95, Pairs: 2, Verdict: "optimised 3.00× faster"},
		}},
	}
}

// edit marshals valid(), lets f change its generic JSON form, and returns the
// re-encoded bytes.
func edit(t *testing.T, f func(doc map[string]any)) []byte {
	t.Helper()
	data, err := Marshal(valid())
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	f(doc)
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func obj(v any, keys ...any) map[string]any {
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			v = v.(map[string]any)[k]
		case int:
			v = v.([]any)[k]
		}
	}
	return v.(map[string]any)
}

func point0(doc map[string]any) map[string]any {
	return obj(doc, "runs", 0, "variants", 1, "series", 0)
}

func TestUnmarshalAcceptsValid(t *testing.T) {
	t.Parallel()
	data, err := Marshal(valid())
	if err != nil {
		t.Fatal(err)
	}
	got, err := Unmarshal(data)
	if err != nil {
		t.Fatalf("valid snapshot rejected: %v", err)
	}
	if !reflect.DeepEqual(got, valid()) {
		t.Errorf("round trip changed the snapshot:\n got %+v\nwant %+v", got, valid())
	}
}

func TestUnmarshalRejects(t *testing.T) {
	t.Parallel()
	good, err := Marshal(valid())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		data []byte
		want string // substring of the error
	}{
		{"empty", nil, "invalid JSON at byte 0: empty input"},
		{"whitespace", []byte(" \n"), "empty input"},
		{"truncated", good[:len(good)/2], "truncated"},
		{"truncated by one byte", good[:len(good)-1], "truncated"},
		{"not JSON", []byte("hello"), "invalid JSON"},
		{"trailing garbage", append(append([]byte{}, good...), "{}"...), "invalid JSON"},
		{"array", []byte("[1,2]"), "invalid JSON"},
		{"string for number", edit(t, func(d map[string]any) { point0(d)["ops"] = "12" }), "invalid JSON"},
		{"NaN literal", bytes.Replace(good, []byte(`"latency_p99_us":4.25`), []byte(`"latency_p99_us":NaN`), 1), "invalid JSON"},
		{"number out of range", bytes.Replace(good, []byte(`"latency_p99_us":4.25`), []byte(`"latency_p99_us":1e999`), 1), "invalid JSON"},
		{"schema missing", edit(t, func(d map[string]any) { delete(d, "schema") }), `field "schema": missing`},
		{"other schema", edit(t, func(d map[string]any) { d["schema"] = "mcptop.snapshot/v3" }), `field "schema": "mcptop.snapshot/v3" is not "mcptop.snapshot/v2" or "mcptop.snapshot/v1"`},
		{"v2 key missing", edit(t, func(d map[string]any) { delete(point0(d), "ran") }), `field "runs[0].variants[1].series[0].ran": missing`},
		{"tails unknown", edit(t, func(d map[string]any) { obj(d, "runs", 0)["tails"] = "guessed" }), `field "runs[0].tails": "guessed"`},
		{"active ticks above ticks", edit(t, func(d map[string]any) { obj(d, "runs", 0, "variants", 0, "summary")["active_ticks"] = 3 }), `field "runs[0].variants[0].summary.active_ticks": 3 is more than ticks 2`},
		{"error rate above 1", edit(t, func(d map[string]any) { obj(d, "runs", 0, "variants", 0, "summary")["error_rate"] = 1.5 }), `error_rate 1.5`},
		{"other schema with other shape", []byte(`{"schema":"mcptop.snapshot/v0","runs":{}}`), "invalid JSON"},
		{"other schema, v1 shape missing", []byte(`{"schema":"mcptop.snapshot/v0"}`), `field "schema"`},
		{"created_at missing", edit(t, func(d map[string]any) { delete(d, "created_at") }), `field "created_at": missing`},
		{"created_at not a time", edit(t, func(d map[string]any) { d["created_at"] = "yesterday" }), `field "created_at": "yesterday" is not an RFC 3339 time`},
		{"tool name empty", edit(t, func(d map[string]any) { obj(d, "tool")["name"] = "" }), `field "tool.name": empty`},
		{"env missing", edit(t, func(d map[string]any) { delete(d, "env") }), `field "env": missing`},
		{"gomaxprocs missing", edit(t, func(d map[string]any) { delete(obj(d, "env"), "gomaxprocs") }), `field "env.gomaxprocs": missing`},
		{"gomaxprocs zero", edit(t, func(d map[string]any) { obj(d, "env")["gomaxprocs"] = 0 }), `field "env.gomaxprocs": 0; want at least 1`},
		{"observer cost negative", edit(t, func(d map[string]any) { d["observer_cost_ns"] = -3 }), `field "observer_cost_ns": -3 is negative`},
		{"runs null", edit(t, func(d map[string]any) { d["runs"] = nil }), `field "runs": no runs`},
		{"runs absent", edit(t, func(d map[string]any) { delete(d, "runs") }), `field "runs": missing`},
		{"series null", edit(t, func(d map[string]any) { obj(d, "runs", 0, "variants", 1)["series"] = nil }), `field "runs[0].variants[1].series": zero samples`},
		{"label null", edit(t, func(d map[string]any) { obj(d, "runs", 0, "variants", 1)["label"] = nil }), `field "runs[0].variants[1].label": missing (or null)`},
		{"no runs", edit(t, func(d map[string]any) { d["runs"] = []any{} }), `field "runs": no runs: the snapshot holds zero samples`},
		{"run null", edit(t, func(d map[string]any) { d["runs"] = []any{nil} }), `field "runs[0]": null`},
		{"workload empty", edit(t, func(d map[string]any) { obj(d, "runs", 0)["workload"] = "" }), `field "runs[0].workload": empty`},
		{"params missing", edit(t, func(d map[string]any) { delete(obj(d, "runs", 0), "params") }), `field "runs[0].params": missing`},
		{"empty param name", edit(t, func(d map[string]any) { obj(d, "runs", 0, "params")[""] = 1 }), `field "runs[0].params": a parameter has an empty name`},
		{"workers zero", edit(t, func(d map[string]any) { obj(d, "runs", 0)["workers"] = 0 }), `field "runs[0].workers": 0; want at least 1`},
		{"mode unknown", edit(t, func(d map[string]any) { obj(d, "runs", 0)["mode"] = "serial" }), `field "runs[0].mode": "serial"`},
		{"warmup negative", edit(t, func(d map[string]any) { obj(d, "runs", 0)["warmup_s"] = -1 }), `field "runs[0].warmup_s": -1 is negative`},
		{"duration negative", edit(t, func(d map[string]any) { obj(d, "runs", 0)["duration_s"] = -0.5 }), `field "runs[0].duration_s": -0.5 is negative`},
		{"one variant", edit(t, func(d map[string]any) {
			r := obj(d, "runs", 0)
			r["variants"] = r["variants"].([]any)[:1]
		}), `field "runs[0].variants": want 2 variants (baseline, optimised), got 1`},
		{"variants swapped", edit(t, func(d map[string]any) {
			v := obj(d, "runs", 0)["variants"].([]any)
			v[0], v[1] = v[1], v[0]
		}), `field "runs[0].variants[0].variant": "optimised"; want "baseline"`},
		{"zero samples", edit(t, func(d map[string]any) { obj(d, "runs", 0, "variants", 1)["series"] = []any{} }), `field "runs[0].variants[1].series": zero samples`},
		{"series point missing a metric", edit(t, func(d map[string]any) { delete(point0(d), "alloc_bytes_per_op") }), `field "runs[0].variants[1].series[0].alloc_bytes_per_op": missing`},
		{"series point metric null", edit(t, func(d map[string]any) { point0(d)["latency_p99_us"] = nil }), `field "runs[0].variants[1].series[0].latency_p99_us": missing (or null)`},
		{"negative latency", edit(t, func(d map[string]any) { point0(d)["latency_p99_us"] = -1.5 }), `field "runs[0].variants[1].series[0].latency_p99_us": -1.5 is negative`},
		{"negative ops", edit(t, func(d map[string]any) { point0(d)["ops"] = -1 }), `field "runs[0].variants[1].series[0].ops": -1 is negative`},
		{"seconds not increasing", edit(t, func(d map[string]any) { point0(d)["t_s"] = 2 }), `field "runs[0].variants[1].series[1].t_s": 2; seconds must be 1-based and increasing (previous 2)`},
		{"second zero", edit(t, func(d map[string]any) { point0(d)["t_s"] = 0 }), `field "runs[0].variants[1].series[0].t_s": 0`},
		{"summary missing", edit(t, func(d map[string]any) { delete(obj(d, "runs", 0, "variants", 0), "summary") }), `field "runs[0].variants[0].summary": missing`},
		{"summary p999 missing", edit(t, func(d map[string]any) { delete(obj(d, "runs", 0, "variants", 0, "summary"), "latency_p999_us") }), `field "runs[0].variants[0].summary.latency_p999_us": missing`},
		{"summary CI inverted", edit(t, func(d map[string]any) {
			obj(d, "runs", 0, "variants", 0, "summary")["throughput_ci_low_ops_per_s"] = 5000
		}), `field "runs[0].variants[0].summary.throughput_ci_low_ops_per_s": 5000 is above`},
		{"histogram overlap", edit(t, func(d map[string]any) { obj(d, "runs", 0, "variants", 0, "latency_histogram", 1)["lo_ns"] = 1005 }), `field "runs[0].variants[0].latency_histogram[1].lo_ns": 1005; buckets must ascend`},
		{"histogram negative count", edit(t, func(d map[string]any) { obj(d, "runs", 0, "variants", 0, "latency_histogram", 1)["count"] = -1 }), "invalid JSON"},
		{"comparison ratio negative", edit(t, func(d map[string]any) { obj(d, "runs", 0, "comparison")["ratio"] = -2 }), `field "runs[0].comparison.ratio": -2 is negative`},
		{"confidence above 1", edit(t, func(d map[string]any) { obj(d, "runs", 0, "comparison")["confidence"] = 95 }), `field "runs[0].comparison.confidence": 95 is not a probability`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := Unmarshal(tc.data)
			if err == nil {
				t.Fatalf("accepted: %+v", s)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error %q does not contain %q", msg, tc.want)
			}
			if strings.Contains(msg, "\n") || len(msg) > 300 {
				t.Errorf("error is not one short line: %q", msg)
			}
		})
	}
}

func TestUnmarshalAllowsOptional(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		f    func(map[string]any)
	}{
		{"unknown key", func(d map[string]any) { d["future"] = map[string]any{"x": 1} }},
		{"no last_error", func(d map[string]any) { delete(obj(d, "runs", 0, "variants", 0, "summary"), "last_error") }},
		{"last_error set", func(d map[string]any) { obj(d, "runs", 0, "variants", 0, "summary")["last_error"] = "boom" }},
		{"empty params", func(d map[string]any) { obj(d, "runs", 0)["params"] = map[string]any{} }},
		{"empty histogram", func(d map[string]any) { obj(d, "runs", 0, "variants", 0)["latency_histogram"] = []any{} }},
		{"null histogram", func(d map[string]any) { obj(d, "runs", 0, "variants", 0)["latency_histogram"] = nil }},
		{"series starts after second 1 (ring buffer dropped the oldest)", func(d map[string]any) {
			for i, p := range obj(d, "runs", 0, "variants", 1)["series"].([]any) {
				p.(map[string]any)["t_s"] = 500 + i
			}
		}},
		{"all warm-up", func(d map[string]any) {
			for _, p := range obj(d, "runs", 0, "variants", 0)["series"].([]any) {
				p.(map[string]any)["warmup"] = true
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := Unmarshal(edit(t, tc.f)); err != nil {
				t.Errorf("rejected: %v", err)
			}
		})
	}
}

func TestValidateIsDeterministic(t *testing.T) {
	t.Parallel()
	s := valid()
	// Several faults at once: the first in document order must win, every time.
	p := &s.Runs[0].Variants[0].Series[1]
	p.LatencyP99Us = -1
	p.AllocBytesPerOp = -2
	p.ActiveS = -3
	s.Runs[0].Variants[1].Series[0].LatencyP50Us = -4
	s.Runs[0].Comparison.Ratio = -5
	const want = `field "runs[0].variants[0].series[1].active_s": -3 is negative`
	for i := range 100 {
		err := s.Validate()
		if err == nil || err.Error() != want {
			t.Fatalf("try %d: got %v, want %s", i, err, want)
		}
	}
	var fe *FieldError
	if !errors.As(s.Validate(), &fe) || fe.Field != "runs[0].variants[0].series[1].active_s" {
		t.Errorf("not a *FieldError naming the field: %#v", fe)
	}
}

func TestReadFileNamesTheFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	if err := WriteFile(good, valid()); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	trunc := filepath.Join(dir, "trunc.json")
	if err := os.WriteFile(trunc, data[:100], 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil { // sparse: no gigabyte is written
		t.Fatal(err)
	}
	f.Close()

	s, err := ReadFile(good)
	if err != nil || !reflect.DeepEqual(s, valid()) {
		t.Fatalf("ReadFile(good) = %v, %v", s, err)
	}
	cases := []struct {
		name, path, want string
		is               error
	}{
		{"missing", filepath.Join(dir, "nope.json"), "nope.json: no such file", os.ErrNotExist},
		{"truncated", trunc, trunc + ": invalid JSON at byte 100: unexpected end of input (truncated file?)", nil},
		{"1 GiB", big, big + ": 1024 MiB: larger than the 64 MiB a snapshot may be", ErrTooLarge},
		{"directory", dir, dir + ": read", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ReadFile(tc.path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ReadFile(%s) error = %v, want it to contain %q", tc.name, err, tc.want)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
		})
	}
}

// endless is a reader that never ends and counts what it handed out.
type endless struct{ n int64 }

var blanks = bytes.Repeat([]byte{' '}, 64<<10)

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		n += copy(p[n:], blanks)
	}
	e.n += int64(n)
	return n, nil
}

func TestReadIsBounded(t *testing.T) {
	t.Parallel()
	r := &endless{}
	_, err := Read(r)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Read(endless) error = %v, want ErrTooLarge", err)
	}
	if r.n > MaxFileSize+64<<10 {
		t.Errorf("read %d bytes from an endless reader; the bound is %d", r.n, MaxFileSize+1)
	}
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestReadReportsReaderError(t *testing.T) {
	t.Parallel()
	if _, err := Read(failing{}); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("Read(failing) error = %v, want it to wrap io.ErrUnexpectedEOF", err)
	}
}

func TestWriteFileIsAtomic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "run.json")
	if err := WriteFile(path, valid()); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(filepath.Join(dir, "missing-dir", "x.json"), valid()); err == nil {
		t.Error("WriteFile into a missing directory succeeded")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "run.json" {
		t.Errorf("directory holds %v, want only run.json (no temp files left)", entries)
	}
}

// testdata/engine-run-v1.json is a v1 snapshot an earlier engine wrote (a
// 5 s parallel run of the registry workload, timed per 16 ops): it must
// still be read, and say what its tails are.
func TestReadFileAcceptsV1(t *testing.T) {
	t.Parallel()
	s, err := ReadFile(filepath.Join("testdata", "engine-run-v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Runs) == 0 || len(s.Runs[0].Variants[0].Series) == 0 {
		t.Fatalf("engine snapshot read back empty: %+v", s)
	}
	r := s.Runs[0]
	if s.Schema != SchemaV1 || r.Tails != TailsBatchMean || r.TimedEvery != 1 || r.BatchOps != 16 || r.Settings == nil {
		t.Fatalf("v1 upgrade: schema %q tails %q timed every %d batch %d settings %v",
			s.Schema, r.Tails, r.TimedEvery, r.BatchOps, r.Settings)
	}
	if a, b := r.Variants[0].Impl, r.Variants[1].Impl; r.Workload != "registry" || a != "owner" || b != "sharded" {
		t.Errorf("v1 %s run upgraded to implementations %q, %q; want the seed's owner, sharded", r.Workload, a, b)
	}
	for _, v := range r.Variants {
		ran := 0
		for _, p := range v.Series {
			if p.Ran != (p.ActiveS > 0) {
				t.Fatalf("second %d: ran %v with active_s %v", p.T, p.Ran, p.ActiveS)
			}
			if p.Ran && !p.Warmup {
				ran++
			}
		}
		if v.Summary.ActiveTicks != ran {
			t.Errorf("%s: active_ticks %d, want %d", v.Variant, v.Summary.ActiveTicks, ran)
		}
	}
	// Its "95 %" interval of 4 pairs was their range, which covers the
	// median with probability 1 − 2/2⁴: say so, rather than repeat 95 %.
	if c := r.Comparison; c.Pairs != 4 || c.Coverage != 0.875 || c.EffectivePairs != 4 || c.Method != MethodV1 ||
		!c.Comparable || c.MaxErrorRate != 1 {
		t.Errorf("v1 comparison upgraded to %+v; want coverage 0.875 of 4 pairs by MethodV1, comparable", c)
	}
	if cov := r.Variants[0].Summary.ThroughputCICoverage; cov != 0.875 {
		t.Errorf("v1 summary interval coverage %v, want 0.875", cov)
	}
}

// A v1 document may lack every key new in v2; a v2 one may not.
func TestV2KeysRequiredOnlyInV2(t *testing.T) {
	t.Parallel()
	v1 := edit(t, func(d map[string]any) {
		d["schema"] = SchemaV1
		run := obj(d, "runs", 0)
		delete(run, "tails")
		delete(run, "timed_every")
		delete(run, "settings")
		run["batch_ops"] = 1
		delete(point0(d), "ran")
		for i := range 2 {
			delete(obj(d, "runs", 0, "variants", i), "impl")
		}
	})
	s, err := Unmarshal(v1)
	if err != nil {
		t.Fatalf("v1 without v2 keys: %v", err)
	}
	if s.Runs[0].Tails != TailsPerOp {
		t.Errorf("v1 batch 1: tails %q, want %q", s.Runs[0].Tails, TailsPerOp)
	}
	if a, b := s.Runs[0].Variants[0].Impl, s.Runs[0].Variants[1].Impl; a != "owner" || b != "sharded" {
		t.Errorf("v1 registry run: implementations %q, %q; want the seed's", a, b)
	}
	// A workload the seed did not have keeps its sides' names.
	other, err := Unmarshal(edit(t, func(d map[string]any) {
		d["schema"] = SchemaV1
		obj(d, "runs", 0)["workload"] = "custom"
		for i := range 2 {
			delete(obj(d, "runs", 0, "variants", i), "impl")
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if a, b := other.Runs[0].Variants[0].Impl, other.Runs[0].Variants[1].Impl; a != "baseline" || b != "optimised" {
		t.Errorf("v1 of an unknown workload: implementations %q, %q", a, b)
	}
	v2 := edit(t, func(d map[string]any) { delete(obj(d, "runs", 0, "variants", 1), "impl") })
	if _, err := Unmarshal(v2); err == nil || !strings.Contains(err.Error(), `"runs[0].variants[1].impl": missing`) {
		t.Errorf("v2 without impl: %v", err)
	}
}
