//go:build unix && !linux

package mcpwire

import "syscall"

// setPdeathsig does nothing where the parent-death signal does not exist.
func setPdeathsig(*syscall.SysProcAttr) {}
