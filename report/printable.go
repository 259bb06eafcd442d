package report

import (
	"reflect"
	"sync"

	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/units"
)

// printable returns s with every string — labels, workload names,
// descriptions, parameter and setting names and values, error messages,
// the tool and the machine — passed through units.SafeLine, for the formats
// people read (text, md, csv, html): a snapshot is outside input, and a
// control character in it must not reach a terminal. It works by
// reflection so that a field the snapshot gains is covered without being
// named here. What holds no text (the series, the histograms) is shared
// with s, not copied; s itself is not changed.
func printable(s *snapshot.Snapshot) *snapshot.Snapshot {
	if s == nil {
		return nil
	}
	return safeCopy(reflect.ValueOf(s)).Interface().(*snapshot.Snapshot)
}

func safeCopy(v reflect.Value) reflect.Value {
	if !holdsText(v.Type()) {
		return v
	}
	switch v.Kind() {
	case reflect.String:
		out := reflect.New(v.Type()).Elem()
		out.SetString(units.SafeLine(v.String()))
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(safeCopy(v.Elem()))
		return out
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		out.Set(v)
		for i := range v.NumField() {
			if f := out.Field(i); f.CanSet() {
				f.Set(safeCopy(v.Field(i)))
			}
		}
		return out
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return v
		}
		out := reflect.New(v.Type()).Elem()
		if v.Kind() == reflect.Slice {
			out = reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		}
		for i := range v.Len() {
			out.Index(i).Set(safeCopy(v.Index(i)))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			out.SetMapIndex(safeCopy(it.Key()), safeCopy(it.Value()))
		}
		return out
	}
	return v
}

// textTypes caches holdsText by type.
var textTypes sync.Map // reflect.Type → bool

// holdsText reports whether a value of type t can hold a string. (The
// snapshot's types are not recursive.)
func holdsText(t reflect.Type) bool {
	if b, ok := textTypes.Load(t); ok {
		return b.(bool)
	}
	has := false
	switch t.Kind() {
	case reflect.String:
		has = true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		has = holdsText(t.Elem())
	case reflect.Map:
		has = holdsText(t.Key()) || holdsText(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && holdsText(f.Type) {
				has = true
			}
		}
	}
	textTypes.Store(t, has)
	return has
}
