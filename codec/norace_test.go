//go:build !race

package codec

// raceEnabled reports that the race detector is on.
const raceEnabled = false
