//go:build unix

package proc

import (
	"os"
	"syscall"
)

var (
	sigTerm = syscall.SIGTERM
	sigKill = syscall.SIGKILL
)

// sysProcAttr puts the child in a process group of its own, so that a
// terminal's Ctrl-C does not reach it behind mcptop's back and the group can
// be signalled as a whole (npx, for one, runs the server as its own child).
// On Linux the child also gets SIGKILL if mcptop dies without cleaning up.
func sysProcAttr() *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{Setpgid: true}
	setPdeathsig(a)
	return a
}

// signalGroup sends sig to p's process group; errors (the group is gone)
// are ignored.
func signalGroup(p *os.Process, sig syscall.Signal) {
	if err := syscall.Kill(-p.Pid, sig); err != nil {
		p.Signal(sig)
	}
}
