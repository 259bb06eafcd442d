package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"

	"github.com/mcptop/mcptop/snapshot"
)

// CSVHeader is the header row of the csv format: one row follows per second
// per variant per run. Measured columns carry their unit in the name, as the
// snapshot's keys do; params is "name=value;name=value". The latency
// percentiles of a merged second are not known and left empty.
var CSVHeader = []string{
	"run", "workload", "params", "workers", "mode", "variant", "impl", "label", "t_s", "warmup",
	"ops", "errors", "active_s", "throughput_ops_per_s", "throughput_bytes_per_s",
	"latency_p50_us", "latency_p95_us", "latency_p99_us", "latency_max_us", "latency_mean_us",
	"alloc_bytes_per_op",
}

func writeCSV(w io.Writer, d *doc) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	for _, v := range d.runs {
		r := v.r
		params := paramString(r.Params, ";")
		for _, vr := range r.Variants {
			for _, p := range vr.Series {
				rec := []string{
					strconv.Itoa(v.index + 1), r.Workload, params, strconv.Itoa(r.Workers), r.Mode,
					vr.Variant, vr.Impl, vr.Label, strconv.Itoa(p.T), strconv.FormatBool(p.Warmup),
					strconv.FormatInt(p.Ops, 10), strconv.FormatInt(p.Errors, 10), f(p.ActiveS),
					f(p.ThroughputOpsPerS), f(p.ThroughputBPerS),
					percentileCell(&p, p.LatencyP50Us, f), percentileCell(&p, p.LatencyP95Us, f),
					percentileCell(&p, p.LatencyP99Us, f), f(p.LatencyMaxUs), f(p.LatencyMeanUs),
					f(p.AllocBytesPerOp),
				}
				if err := cw.Write(rec); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeJSON re-emits the validated snapshot, restricted to the runs kept,
// indented: the output is itself a valid snapshot.
func writeJSON(w io.Writer, d *doc) error {
	s := *d.s
	s.Runs = make([]snapshot.Run, len(d.runs))
	for i, v := range d.runs {
		s.Runs[i] = *v.r
	}
	data, err := snapshot.Marshal(&s)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, data, "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = w.Write(out.Bytes())
	return err
}
