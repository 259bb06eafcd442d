//go:build unix

package engine

import (
	"syscall"
	"time"
)

// cpuKnown says whether processCPU measures anything on this platform.
const cpuKnown = true

// processCPU is the CPU time (user and system) the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
