package merge

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/mcptop/mcptop/snapshot"
)

// MismatchError refuses inputs that differ in something that must agree
// for their figures to add up: Field is its JSON path in the snapshot
// ("runs[0].params.keys"), A and B the two inputs, with their values.
type MismatchError struct {
	Field      string
	A, B       string // sources
	ValA, ValB string
}

// Error returns "FIELD differs: A has X, B has Y".
func (e *MismatchError) Error() string {
	return fmt.Sprintf("%s differs: %s has %s, %s has %s; only runs of the same inputs add up",
		e.Field, e.A, e.ValA, e.B, e.ValB)
}

// measured lists, by type, the fields that are measurements of one
// instance (merged, not matched). Every other field is an input of the
// run, or derived from one, and must be equal in every snapshot; a field
// added later is matched until it is listed here, so a new input cannot be
// merged across values by mistake.
var measured = map[reflect.Type][]string{
	reflect.TypeFor[snapshot.Snapshot](): {"created_at", "env", "observer_cost_ns", "instance", "instances", "runs", "capacity"},
	reflect.TypeFor[snapshot.Run](): {"started_at", "duration_s", "dropped_ticks", "variants", "comparison",
		"calibration", "observer_share", "slice_ms", "slice_note", "timing", "merged"},
	reflect.TypeFor[snapshot.VariantRun](): {"series", "summary", "latency_histogram", "error_latency_histogram",
		"service_histogram", "methods"},
}

// match compares every input against the first: the snapshot's own
// fields, the number of runs, and for each run its inputs and its
// variants' (labels). It returns the first difference, in document order.
func match(ins []Input) error {
	a := ins[0]
	for _, b := range ins[1:] {
		mis := func(field string, va, vb any) error {
			return &MismatchError{Field: field, A: a.Source, B: b.Source, ValA: show(va), ValB: show(vb)}
		}
		if f, va, vb, ok := differ("", reflect.ValueOf(a.Snap).Elem(), reflect.ValueOf(b.Snap).Elem()); !ok {
			return mis(f, va, vb)
		}
		if na, nb := len(a.Snap.Runs), len(b.Snap.Runs); na != nb {
			return mis("runs", runs(na), runs(nb))
		}
		for k := range a.Snap.Runs {
			ra, rb := &a.Snap.Runs[k], &b.Snap.Runs[k]
			at := fmt.Sprintf("runs[%d].", k)
			if f, va, vb, ok := differ(at, reflect.ValueOf(ra).Elem(), reflect.ValueOf(rb).Elem()); !ok {
				return mis(f, va, vb)
			}
			for v := range ra.Variants {
				vat := fmt.Sprintf("%svariants[%d].", at, v)
				if f, va, vb, ok := differ(vat, reflect.ValueOf(&ra.Variants[v]).Elem(), reflect.ValueOf(&rb.Variants[v]).Elem()); !ok {
					return mis(f, va, vb)
				}
			}
		}
	}
	return nil
}

func runs(n int) string {
	if n == 1 {
		return "1 run"
	}
	return fmt.Sprintf("%d runs", n)
}

// absent stands for a map key one side lacks.
type absent struct{}

// show renders a value for a mismatch message.
func show(v any) string {
	switch x := v.(type) {
	case absent:
		return "none"
	case string:
		return fmt.Sprintf("%q", x)
	}
	return fmt.Sprint(v)
}

// differ compares the fields of two structs of one type that are not
// measured, by JSON name under the path prefix: it returns ok, or the
// first field that differs and both values. Maps are compared key by key,
// so the message names the parameter or setting.
func differ(prefix string, a, b reflect.Value) (field string, va, vb any, ok bool) {
	t := a.Type()
	skip := measured[t]
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" || slices.Contains(skip, name) {
			continue
		}
		fa, fb := a.Field(i), b.Field(i)
		if fa.Kind() == reflect.Struct {
			if f, x, y, same := differ(prefix+name+".", fa, fb); !same {
				return f, x, y, false
			}
			continue
		}
		if fa.Kind() == reflect.Map {
			if k, x, y, same := differMap(fa, fb); !same {
				return prefix + name + "." + k, x, y, false
			}
			continue
		}
		if !reflect.DeepEqual(fa.Interface(), fb.Interface()) {
			return prefix + name, fa.Interface(), fb.Interface(), false
		}
	}
	return "", nil, nil, true
}

// differMap finds the first key, in sorted order, whose value differs or
// that one map lacks.
func differMap(a, b reflect.Value) (key string, va, vb any, same bool) {
	keys := map[string]reflect.Value{}
	for _, m := range []reflect.Value{a, b} {
		for _, k := range m.MapKeys() {
			keys[fmt.Sprint(k.Interface())] = k
		}
	}
	names := make([]string, 0, len(keys))
	for n := range keys {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		x, y := a.MapIndex(keys[n]), b.MapIndex(keys[n])
		var ix, iy any = absent{}, absent{}
		if x.IsValid() {
			ix = x.Interface()
		}
		if y.IsValid() {
			iy = y.Interface()
		}
		if !reflect.DeepEqual(ix, iy) {
			return n, ix, iy, false
		}
	}
	return "", nil, nil, true
}
