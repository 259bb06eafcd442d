package main

import (
	"errors"
	"io"
	"os"

	"github.com/mcptop/mcptop/snapshot"
)

// stdoutName is --out's name for standard output.
const stdoutName = "-"

// checkOut is --out's check before the run: "-" needs none; a path must be
// one WriteFile can write (snapshot.CheckWritable).
func checkOut(path string) error {
	if path == stdoutName {
		return nil
	}
	return snapshot.CheckWritable(path)
}

// toStdout reports whether --out names standard output: "-", or a path
// that opens the same file stdout is (/dev/stdout, /dev/fd/1). The snapshot
// is then written to stdout as it is, keeping the shell's redirection
// (`>>` appends), and the headless progress goes to stderr.
func toStdout(path string, stdout io.Writer) bool {
	if path == stdoutName {
		return true
	}
	f, ok := stdout.(*os.File)
	if path == "" || !ok {
		return false
	}
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	return err == nil && os.SameFile(a, b)
}

// headlessOnly refuses what only a headless run can do: write the snapshot
// to stdout (the dashboard draws there) and judge --fail-if bounds.
func headlessOnly(o *options) error {
	switch {
	case o.headless:
		return nil
	case o.out == stdoutName:
		return usageError{errors.New("--out -: the dashboard draws on stdout; add --headless, or redirect stdout")}
	case o.failIf != nil:
		return usageError{errors.New("--fail-if: only a headless run is judged; add --headless")}
	}
	return nil
}
