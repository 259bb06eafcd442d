package report

import (
	"fmt"

	"github.com/mcptop/mcptop/snapshot"
)

// sameImpls reports whether two runs' sides ran the same implementations:
// compare pairs a run only with one that did, since a change of
// implementation is not a regression of either.
func sameImpls(a, b *snapshot.Run) bool {
	return impls(a) == impls(b)
}

// implsDiffer says why two runs of one workload and one set of parameters
// were not compared: "implementations differ: old.json ran A owner, B
// sharded; new.json ran A mutex, B sharded".
func implsDiffer(o, n *snapshot.Run, oldName, newName string) string {
	a, b := impls(o), impls(n)
	return fmt.Sprintf("implementations differ: %s ran A %s, B %s; %s ran A %s, B %s",
		oldName, a[0], a[1], newName, b[0], b[1])
}

func impls(r *snapshot.Run) (out [2]string) {
	for v := range min(len(r.Variants), 2) {
		out[v] = r.Variants[v].Impl
	}
	return out
}
