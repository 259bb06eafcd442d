package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/mcptop/mcptop/target"
)

// closeTarget ends the target's servers and says which stderr logs stay:
// those of a run in which a server failed, or all with --keep-logs; the
// logs of a run without failure are removed (target.Target.Close).
func closeTarget(t *target.Target, stderr io.Writer) {
	t.Close()
	if logs := t.LogsKept(); len(logs) > 0 {
		why := "kept (--keep-logs)"
		if t.Failed() {
			why = "kept: a server failed"
		}
		fmt.Fprintf(stderr, "mcptop: server stderr %s: %s\n", why, strings.Join(logs, ", "))
	}
}
