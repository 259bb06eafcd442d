//go:build !unix

package proc

import (
	"os"
	"syscall"
)

var (
	sigTerm = os.Kill
	sigKill = os.Kill
)

// sysProcAttr has nothing to add where process groups are not Unix's.
func sysProcAttr() *syscall.SysProcAttr { return nil }

// signalGroup ends p; only p is reached on this platform.
func signalGroup(p *os.Process, sig os.Signal) { p.Signal(sig) }
