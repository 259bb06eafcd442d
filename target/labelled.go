package target

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/mcptop/mcptop/mcpwire"
	"github.com/mcptop/mcptop/workload"
)

// labelled is a server's pipeline whose failures name the server, unless
// they name it already (a ServerError).
type labelled struct {
	p      *mcpwire.Pipeline
	label  string
	failed *atomic.Bool      // the target's: set by the first failure
	rec    workload.Recorder // the engine's, while Run runs
	// raw and named are the last error labelled and its label: a failing
	// server tends to fail every request with the same error value.
	raw, named error
}

var (
	_ workload.Pipeline = (*labelled)(nil)
	_ workload.Recorder = (*labelled)(nil)
	_ workload.Turn     = (*labelled)(nil)
)

// Run runs the pipeline, labelling the failures it reports to rec.
func (l *labelled) Run(stop func() bool, rec workload.Recorder) {
	l.rec = rec
	defer func() { l.rec = nil }()
	l.p.Run(stop, l)
}

// Op runs the pipeline once and labels its failure.
func (l *labelled) Op() error { return l.name(l.p.Op()) }

// Gap implements workload.Recorder.
func (l *labelled) Gap() int { return l.rec.Gap() }

// Timed implements workload.Recorder.
func (l *labelled) Timed(t workload.Timing) {
	t.Err = l.name(t.Err)
	l.rec.Timed(t)
}

// Untimed implements workload.Recorder.
func (l *labelled) Untimed(c workload.Counts) {
	c.Last = l.name(c.Last)
	l.rec.Untimed(c)
}

// TurnEnd implements workload.Turn with the engine's, so that an open
// loop ends its timetable when the engine plans the turn to end; 0 when
// the Recorder does not say.
func (l *labelled) TurnEnd() int64 {
	if t, ok := l.rec.(workload.Turn); ok {
		return t.TurnEnd()
	}
	return 0
}

// Full implements workload.Recorder.
func (l *labelled) Full() { l.rec.Full() }

// Draining implements workload.Recorder.
func (l *labelled) Draining() { l.rec.Draining() }

func (l *labelled) name(err error) error {
	var se *ServerError
	if err == nil {
		return nil
	}
	l.failed.Store(true)
	switch {
	case err == l.raw:
		return l.named
	case errors.As(err, &se):
		l.raw, l.named = err, err
	default:
		l.raw, l.named = err, fmt.Errorf("%s: %w", l.label, err)
	}
	return l.named
}
