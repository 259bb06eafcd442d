//go:build !unix

package engine

import "time"

// cpuKnown says whether processCPU measures anything on this platform.
const cpuKnown = false

// processCPU is not measured here.
func processCPU() time.Duration { return 0 }
