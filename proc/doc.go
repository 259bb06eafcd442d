// Package proc supervises the child processes mcptop starts: stdio MCP
// servers under measurement. It owns how a child starts, how it is watched
// and how it ends, so that no child outlives mcptop and a child that dies
// can say why.
//
// Start runs a command (SplitCommand turns a command line into one, with
// a shell's quoting and nothing else of a shell) with pipes for stdin and
// stdout, which Stdio hands over as one stream for a transport to frame,
// and with stderr appended to a log file, each start marked in it. The
// child runs in a process group of its own, so that a terminal's Ctrl-C
// does not reach it behind mcptop's back and everything it starts (npx runs
// the real server as its own child) is signalled together; on Linux it also
// gets SIGKILL should mcptop die without cleaning up. Once the child exits
// it is reaped at once, what is left of its group is killed, and Status and
// StderrTail describe the end: the exit status and the last lines of
// stderr since this start.
//
// A Meter reads what a process and its descendants use (CPU time, the
// waited-for children's included, and resident memory) from /proc on
// Linux, walking the tree through each thread's children file; elsewhere
// it says it cannot. ExitUsage gives a child's CPU time and peak memory
// once it has exited. The target workload reports them as its server's
// figures.
//
// Terminate follows the MCP spec's stdio shutdown: stdin closed, then
// SIGTERM to the group, then SIGKILL after a grace. A registry holds every
// child not yet reaped; KillAll ends them all at once, for the program's
// signal handling and exit path (os.Exit skips defers). The registry is the
// one piece of global state: children are a property of the process, and
// main must reach them without knowing who started them.
//
// # Imports
//
// This package imports nothing of mcptop and knows nothing of MCP: it
// moves bytes in and out of processes. It must not import transport,
// mcpwire, the engine, or any UI package.
package proc
