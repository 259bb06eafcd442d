//go:build !linux

package proc

// Read reports that a process tree's usage cannot be measured here: only
// Linux is read (its /proc).
func (m *Meter) Read() (Usage, bool) { return Usage{}, false }

// ExitUsage reports that a child's usage is not read on this platform.
func (ch *Child) ExitUsage() (Usage, bool) { return Usage{}, false }
