package engine

import "testing"

// BenchmarkSummarizeDay is the tick fold's summary after a day-long run
// (86,400 seconds per variant): it runs once a second.
func BenchmarkSummarizeDay(b *testing.B) {
	rn := &run{}
	for v := range 2 {
		rn.series[v].cap = 86_400
		for i := range 86_400 {
			rn.series[v].push(Sample{Tick: i + 1, OpsPerSec: float64(1e6 + i%977 + v), AllocPerOp: float64(i % 13)})
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		rn.summarize()
	}
}
