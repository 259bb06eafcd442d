package report

import "github.com/mcptop/mcptop/snapshot"

// implPair names the implementations a run's sides ran: "A owner, B
// sharded".
func implPair(r *snapshot.Run) string {
	var out [2]string
	for v := range min(len(r.Variants), 2) {
		out[v] = r.Variants[v].Impl
	}
	return "A " + out[0] + ", B " + out[1]
}
