//go:build !race

package target

// raceEnabled reports that the race detector is on.
const raceEnabled = false
