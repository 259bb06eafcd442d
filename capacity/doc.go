// Package capacity is mcptop's capacity search: the service level
// objective a rate must meet (SLO, ParseSLO), the verdict on what one step
// measured (SLO.Judge), and the search over open-loop rates (Search): the
// rate grows geometrically from a start until a side breaks the SLO, then
// is bisected between the highest rate that met it and the lowest that did
// not, until the two are within Precision of each other. Each step is a run
// that measures both sides at one rate, so a step informs both sides'
// searches; the next rate is the lower of the two sides' next candidates.
//
// A side's capacity is the highest rate tried that met the SLO below the
// lowest that failed: when noise makes a higher rate pass after a lower one
// failed, the failure stands (a capacity is a promise, so the search errs
// low). A step meets the SLO only when every latency bound holds for the
// ops that succeeded (latency from the intended send time), no more ops
// failed than the errors bound allows (none, unless the SLO says), and
// every send the timetable asked for was made: a generator that could not
// keep up has not shown the server can.
//
// This package imports only units (to say what a step measured); the
// engine runs the search, and the command line parses the SLO.
package capacity
