package engine

import "runtime"

// readUsage reads what the process has used so far. ReadMemStats stops the
// world briefly (tens of µs) and flushes every P's allocation cache, which
// makes the counts exact to the object; the scheduler calls it between
// slices, never while a worker runs.
func readUsage(ms *runtime.MemStats) usage {
	runtime.ReadMemStats(ms)
	return usage{allocBytes: ms.TotalAlloc, allocObjs: ms.Mallocs, cpu: processCPU()}
}
