//go:build !race

package engine_test

// raceEnabled reports that the race detector is on.
const raceEnabled = false
