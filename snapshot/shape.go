package snapshot

import (
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/mailru/easyjson/jlexer"
)

// shape is the set of keys an object of one struct type must carry, read
// from the struct's json tags: every tagged field without omitempty. A
// required key must not be null unless it holds a slice or a map (null is
// then empty, and Validate judges emptiness). Keys whose value is a struct
// or a slice of structs have a child shape.
type shape struct {
	keys     []string
	required []int // the first schema version that requires the key; 0: none
	child    []*shape
	array    []bool
	nullable []bool // slices and maps: null is an empty one (easyjson writes nil as null)
	index    map[string]int
}

var snapshotShape = sync.OnceValue(func() *shape { return shapeOf(reflect.TypeFor[Snapshot]()) })

func shapeOf(t reflect.Type) *shape {
	sh := &shape{index: map[string]int{}}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		var child *shape
		array := false
		switch ft := f.Type; {
		case ft.Kind() == reflect.Struct:
			child = shapeOf(ft)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			child, array = shapeOf(ft.Elem()), true
		}
		sh.index[name] = len(sh.keys)
		sh.keys = append(sh.keys, name)
		since := 0
		if !strings.Contains(opts, "omitempty") {
			since = 1
			if v, err := strconv.Atoi(f.Tag.Get("since")); err == nil {
				since = v
			}
		}
		sh.required = append(sh.required, since)
		sh.child = append(sh.child, child)
		sh.array = append(sh.array, array)
		sh.nullable = append(sh.nullable, f.Type.Kind() == reflect.Slice || f.Type.Kind() == reflect.Map)
	}
	return sh
}

// path is a JSON path built on the stack as checkPresent descends; it is
// only turned into a string for an error.
type path struct {
	parent *path
	key    string
	idx    int // ≥ 0: an array element of parent
}

func (p *path) String() string {
	if p == nil {
		return ""
	}
	s := p.parent.String()
	if p.idx >= 0 {
		return s + "[" + strconv.Itoa(p.idx) + "]"
	}
	if s == "" {
		return p.key
	}
	return s + "." + p.key
}

// checkPresent walks JSON that already decoded and reports the first key
// that schema version requires and is absent or null, in document order.
func checkPresent(data []byte, version int) error {
	in := &jlexer.Lexer{Data: data}
	err := checkObject(in, snapshotShape(), nil, version)
	if err == nil && !in.Ok() {
		err = syntaxErr(in.Error(), len(data))
	}
	return err
}

func checkObject(in *jlexer.Lexer, sh *shape, at *path, version int) error {
	seen := make([]bool, len(sh.keys))
	in.Delim('{')
	for in.Ok() && !in.IsDelim('}') {
		key := in.UnsafeFieldName(false)
		in.WantColon()
		i, known := sh.index[key]
		switch {
		case !known:
			in.SkipRecursive()
		case in.IsNull():
			seen[i] = sh.nullable[i]
			in.Skip()
		case sh.child[i] == nil:
			seen[i] = true
			in.SkipRecursive()
		case sh.array[i]:
			seen[i] = true
			field := &path{parent: at, key: sh.keys[i], idx: -1}
			in.Delim('[')
			for n := 0; in.Ok() && !in.IsDelim(']'); n++ {
				elem := &path{parent: field, idx: n}
				if in.IsNull() {
					return fieldErr(elem.String(), "null")
				}
				if err := checkObject(in, sh.child[i], elem, version); err != nil {
					return err
				}
				in.WantComma()
			}
			in.Delim(']')
		default:
			seen[i] = true
			if err := checkObject(in, sh.child[i], &path{parent: at, key: sh.keys[i], idx: -1}, version); err != nil {
				return err
			}
		}
		in.WantComma()
	}
	in.Delim('}')
	for i, ok := range seen {
		if !ok && sh.required[i] != 0 && sh.required[i] <= version {
			return fieldErr((&path{parent: at, key: sh.keys[i], idx: -1}).String(), "missing (or null)")
		}
	}
	return nil
}
