package proc

import "time"

// Usage is what a process tree has used up to a moment: CPU time, user and
// system, and resident memory at that moment.
type Usage struct {
	CPU time.Duration
	RSS int64 // bytes
}

// Meter reads the usage of a process and its descendants: the CPU time of
// every live process of the tree and of the children each has waited for,
// and the sum of their resident memory (shared pages counted in each).
// The tree is walked again at most once a second; a process that appears
// in between is counted from the next walk (its parent's figures hold
// nothing of it until it is reaped). A Meter is not safe for concurrent
// use.
type Meter struct {
	pid   int
	tree  []int
	walk  time.Time // when tree was last walked
	buf   []byte
	pages int64 // page size in bytes
}

// NewMeter returns a meter of pid's process tree.
func NewMeter(pid int) *Meter { return &Meter{pid: pid} }

// treeWalkEvery is how often a Meter looks for new descendants.
const treeWalkEvery = time.Second
