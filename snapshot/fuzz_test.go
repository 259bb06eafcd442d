package snapshot

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
)

// FuzzRead feeds arbitrary bytes to Read. It must never panic; an error
// must be one line; and whatever it accepts must be valid and survive a
// Marshal/Read round trip unchanged. Seeds: testdata/fuzz/FuzzRead and the
// cases below.
func FuzzRead(f *testing.F) {
	good, err := Marshal(valid())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	if real, err := os.ReadFile("testdata/engine-run-v1.json"); err == nil {
		f.Add(real)
	}
	f.Add(good[:len(good)/3])
	f.Add([]byte(`{"schema":"mcptop.snapshot/v1","runs":[]}`))
	f.Add([]byte(`{"schema":"mcptop.snapshot/v1","runs":[null]}`))
	f.Add(bytes.Replace(good, []byte(`"ops":250`), []byte(`"ops":-250`), 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Read(bytes.NewReader(data))
		if err != nil {
			if msg := err.Error(); strings.Contains(msg, "\n") || len(msg) > 400 {
				t.Fatalf("error is not one short line: %q", msg)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("Read accepted a snapshot Validate rejects: %v", err)
		}
		again, err := Marshal(s)
		if err != nil {
			t.Fatalf("Marshal of an accepted snapshot: %v", err)
		}
		s2, err := Read(bytes.NewReader(again))
		if err != nil {
			t.Fatalf("re-read of a marshalled snapshot: %v\n%s", err, again)
		}
		if !reflect.DeepEqual(s, s2) {
			t.Fatalf("round trip changed the snapshot:\n%+v\n%+v", s, s2)
		}
	})
}
