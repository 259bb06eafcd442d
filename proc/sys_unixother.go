//go:build unix && !linux

package proc

import "syscall"

// setPdeathsig does nothing where the parent-death signal does not exist.
func setPdeathsig(*syscall.SysProcAttr) {}
