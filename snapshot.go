package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/snapshot"
)

// writeSnapshot writes the session to path and says so on stdout; when
// that fails it keeps the run by writing to a temp file instead, says where
// on stderr, and returns exitOutFallback: the run is kept, but not where it
// was asked to be.
func writeSnapshot(r *engine.Runner, path string, stdout, stderr io.Writer) error {
	snap := r.Snapshot()
	if len(snap.Runs) == 0 {
		return errors.New("nothing measured yet: no snapshot written")
	}
	written := path
	if err := snapshot.WriteFile(path, snap); err != nil {
		tmp, terr := writeTemp(snap)
		if terr != nil {
			return fmt.Errorf("%w; and %w", err, terr)
		}
		fmt.Fprintf(stderr, "mcptop: %v\nmcptop: the run is kept in %s\n", err, tmp)
		fmt.Fprintf(stdout, "snapshot written to %s (not to %s)\n", tmp, path)
		return exitOutFallback
	}
	fmt.Fprintf(stdout, "snapshot written to %s\n", written)
	return nil
}

// writeTemp writes snap to a new temp file and returns its name.
func writeTemp(snap *snapshot.Snapshot) (string, error) {
	f, err := os.CreateTemp("", "mcptop-*.json")
	if err != nil {
		return "", fmt.Errorf("no temp file either: %w", err)
	}
	tmp := f.Name()
	f.Close()
	if err := snapshot.WriteFile(tmp, snap); err != nil {
		return "", fmt.Errorf("not to %s either: %w", tmp, err)
	}
	return tmp, nil
}
