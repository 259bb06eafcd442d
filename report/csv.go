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
// per variant per run, with the snapshot's series keys as columns (their
// unit in the name); params is "name=value;name=value". Columns come only
// ever appended, so a reader by position keeps working. Left empty: the
// latency percentiles of a merged second (not known), the server's figures
// where it was not measured, and the open-loop columns of a closed loop.
var CSVHeader = []string{
	"run", "workload", "params", "workers", "mode", "variant", "impl", "label", "t_s", "warmup",
	"ops", "errors", "active_s", "throughput_ops_per_s", "throughput_bytes_per_s",
	"latency_p50_us", "latency_p95_us", "latency_p99_us", "latency_max_us", "latency_mean_us",
	"alloc_bytes_per_op",
	"unix_ms", "ran", "timeouts", "fill_drain_ops", "timed_ops", "fill_drain_s", "wall_s",
	"allocs_per_op", "cpu_us_per_op", "cpu_percent", "heap_bytes", "rss_bytes",
	"server_cpu_ms_per_1k", "server_rss_bytes",
	"sent_ops", "achieved_rate_per_s", "missed_sends", "capped_sends", "behind_schedule_s",
	"service_p50_us", "service_p95_us", "service_p99_us", "service_max_us", "service_mean_us",
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
					strconv.FormatInt(p.UnixMs, 10), strconv.FormatBool(p.Ran), strconv.FormatInt(p.Timeouts, 10),
					strconv.FormatInt(p.FillDrainOps, 10), strconv.FormatInt(p.Timed, 10), f(p.FillDrainS), f(p.WallS),
					f(p.AllocsPerOp), f(p.CPUUsPerOp), f(p.CPUPercent),
					strconv.FormatInt(p.HeapBytes, 10), strconv.FormatInt(p.RSSBytes, 10),
				}
				rec = append(rec, serverCells(&p, f)...)
				rec = append(rec, openLoopCells(r.LoadModel == snapshot.LoadOpen, &p.OpenLoop, f)...)
				if err := cw.Write(rec); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// serverCells are a second's server columns, empty where the server was
// not measured.
func serverCells(p *snapshot.Point, f func(float64) string) []string {
	if !p.ServerKnown {
		return []string{"", ""}
	}
	return []string{f(p.ServerCPUMsPer1k), strconv.FormatInt(p.ServerRSSBytes, 10)}
}

// openLoopCells are a second's open-loop columns, empty in a closed loop.
func openLoopCells(open bool, o *snapshot.OpenLoop, f func(float64) string) []string {
	if !open {
		return make([]string, 10)
	}
	return []string{
		strconv.FormatInt(o.SentOps, 10), f(o.AchievedRatePerS), strconv.FormatInt(o.MissedSends, 10),
		strconv.FormatInt(o.CappedSends, 10), f(o.BehindScheduleS),
		f(o.ServiceP50Us), f(o.ServiceP95Us), f(o.ServiceP99Us), f(o.ServiceMaxUs), f(o.ServiceMeanUs),
	}
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
