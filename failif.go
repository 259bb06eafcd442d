package main

import (
	"io"

	"github.com/mcptop/mcptop/report"
	"github.com/mcptop/mcptop/snapshot"
)

// failIfUsage is --fail-if's help.
const failIfUsage = "headless: exit 1 when a variant breaches a bound, such as 'p99>5ms, errors>0, throughput<10k' " +
	"(metrics: throughput, p50, p95, p99, p999, max, errors, error_rate, alloc, allocs, cpu; see README)"

// judge applies the --fail-if bounds to the session's runs: each breach,
// and each bound that could not be judged, is a line on stderr, and the
// error is the exit status, 1 or 2 (nil when every bound held).
func judge(gates report.Gates, snap *snapshot.Snapshot, stderr io.Writer) error {
	if gates == nil {
		return nil
	}
	if code := gates.Check(snap).Write(stderr, "mcptop: "); code != report.ExitOK {
		return exitCode(code)
	}
	return nil
}
