//go:build race

package engine_test

// raceEnabled reports that the race detector is on, which adds allocations of
// its own and so makes allocation counts meaningless.
const raceEnabled = true
