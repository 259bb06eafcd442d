package percentile

import (
	"fmt"
	"slices"
	"sort"

	"github.com/DataDog/sketches-go/ddsketch"
	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
)

// quantiler is one way of answering the workload's question: the
// workloadQuantiles of a window. Each worker has its own.
type quantiler interface {
	quantiles(window, out []int64) error
}

// method is one implementation of the percentile workload.
type method struct {
	name, label string
	// bound is the stated largest relative error against the exact
	// nearest-rank value: 0 for an exact method.
	bound float64
	new   func(window int) quantiler
}

// methods are the workload's implementations, in the order it lists them.
var methods = []method{
	{"clone-sort", "fresh copy, sort.Slice, index", 0,
		func(int) quantiler { return cloneSort{} }},
	{"sort", "copy to a reused buffer, slices.Sort, index", 0,
		func(n int) quantiler { return &bufferSort{scratch: make([]int64, n)} }},
	{"select", "copy to a reused buffer, quickselect the three ranks", 0,
		func(n int) quantiler { return &selection{scratch: make([]int64, n)} }},
	{"histogram", "log-linear histogram (mcptop's)", RelativeError,
		func(int) quantiler { return &logLinear{} }},
	{"hdr", "HdrHistogram (hdrhistogram-go, 2 significant digits)", hdrBound,
		func(int) quantiler { return newHDR() }},
	{"ddsketch", "DDSketch (DataDog sketches-go, 1% relative accuracy)", ddBound,
		func(int) quantiler { return newDDSketch() }},
}

// cloneSort is the most direct port of lists:sort + lists:nth: a fresh copy
// of the window each time, sorted with sort.Slice.
type cloneSort struct{}

func (cloneSort) quantiles(window, out []int64) error {
	s := slices.Clone(window)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	for i, q := range workloadQuantiles {
		out[i] = s[rank(q, int64(len(s)))-1]
	}
	return nil
}

// bufferSort is the seed's "before": copy into a buffer kept between ops,
// slices.Sort, index by nearest rank.
type bufferSort struct{ scratch []int64 }

func (b *bufferSort) quantiles(window, out []int64) error {
	copy(b.scratch, window)
	SortedQuantiles(b.scratch, workloadQuantiles, out)
	return nil
}

// selection copies into a reused buffer and selects the three ranks.
type selection struct{ scratch []int64 }

func (s *selection) quantiles(window, out []int64) error {
	copy(s.scratch, window)
	SelectQuantiles(s.scratch, workloadQuantiles, out)
	return nil
}

// logLinear is the seed's "after": record the window into mcptop's
// Histogram and read the three quantiles in one pass.
type logLinear struct{ h Histogram }

func (l *logLinear) quantiles(window, out []int64) error {
	l.h.Reset()
	for _, v := range window {
		l.h.Record(v)
	}
	l.h.Quantiles(workloadQuantiles, out)
	return nil
}

// HdrHistogram with two significant digits keeps values within 1 % (its
// buckets are at most 1/128 of their value wide above 2^7 units, and it
// reports a bucket's highest equivalent value).
const (
	hdrDigits  = 2
	hdrBound   = 0.01
	hdrHighest = MaxValue
)

type hdr struct{ h *hdrhistogram.Histogram }

func newHDR() *hdr { return &hdr{h: hdrhistogram.New(1, hdrHighest, hdrDigits)} }

func (h *hdr) quantiles(window, out []int64) error {
	h.h.Reset()
	for _, v := range window {
		if err := h.h.RecordValue(v); err != nil {
			return fmt.Errorf("percentile: hdr: %w", err)
		}
	}
	for i, q := range workloadQuantiles {
		out[i] = h.h.ValueAtQuantile(100 * q)
	}
	return nil
}

// ddBound is the relative accuracy the DDSketch is built with.
const ddBound = 0.01

type dd struct{ s *ddsketch.DDSketch }

func newDDSketch() *dd {
	s, err := ddsketch.NewDefaultDDSketch(ddBound)
	if err != nil {
		panic(err) // only for an accuracy outside (0, 1)
	}
	return &dd{s: s}
}

func (d *dd) quantiles(window, out []int64) error {
	d.s.Clear()
	for _, v := range window {
		if err := d.s.Add(float64(v)); err != nil {
			return fmt.Errorf("percentile: ddsketch: %w", err)
		}
	}
	for i, q := range workloadQuantiles {
		x, err := d.s.GetValueAtQuantile(q)
		if err != nil {
			return fmt.Errorf("percentile: ddsketch: %w", err)
		}
		out[i] = int64(x + 0.5)
	}
	return nil
}
