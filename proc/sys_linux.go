package proc

import "syscall"

// setPdeathsig asks Linux to SIGKILL the child when mcptop's thread that
// started it dies, which covers mcptop being killed with SIGKILL. (Only the
// direct child gets it; its descendants see their stdin close.)
func setPdeathsig(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
