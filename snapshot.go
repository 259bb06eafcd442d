package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/mcptop/mcptop/snapshot"
)

// writeSnapshot writes snap to path, or to stdout when path names it
// (toStdout), and says where on msgs. When that fails (an unwritable file,
// a closed stdout) it keeps the run by writing to a temp file instead, says
// where on stderr, and returns exitOutFallback: the run is kept, but not
// where it was asked to be.
func writeSnapshot(snap *snapshot.Snapshot, path string, stdout, msgs, stderr io.Writer) error {
	if len(snap.Runs) == 0 {
		return errors.New("nothing measured yet: no snapshot written")
	}
	written := path
	var err error
	if toStdout(path, stdout) {
		written = "stdout"
		err = snapshot.Write(stdout, snap)
	} else {
		err = snapshot.WriteFile(path, snap)
	}
	if err != nil {
		tmp, terr := writeTemp(snap)
		if terr != nil {
			return fmt.Errorf("%w; and %w", err, terr)
		}
		fmt.Fprintf(stderr, "mcptop: %v\nmcptop: the run is kept in %s\n", err, tmp)
		fmt.Fprintf(msgs, "snapshot written to %s (not to %s)\n", tmp, written)
		return exitOutFallback
	}
	fmt.Fprintf(msgs, "snapshot written to %s\n", written)
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
