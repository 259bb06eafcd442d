//go:build !linux

package engine

// residentBytes is not measured here.
func residentBytes() (int64, bool) { return 0, false }
