//go:build race

package target

// raceEnabled reports that the race detector is on, which makes an HTTP
// round trip some ten times slower: the long runs against real peers are
// cut to a tenth under it.
const raceEnabled = true
