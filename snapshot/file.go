package snapshot

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/mailru/easyjson"
	"github.com/mailru/easyjson/jlexer"
)

// MaxFileSize bounds what ReadFile will read (64 MiB); a larger file is
// rejected before it is parsed.
const MaxFileSize = 64 << 20

// ErrTooLarge is returned (wrapped) for input longer than MaxFileSize.
var ErrTooLarge = fmt.Errorf("larger than the %d MiB a snapshot may be", MaxFileSize>>20)

// FieldError rejects a snapshot because of one field. Field is the JSON path
// of the field, e.g. "runs[0].variants[1].series[3].latency_p99_us".
type FieldError struct {
	Field   string
	Problem string
}

// Error returns `field "PATH": PROBLEM`.
func (e *FieldError) Error() string { return fmt.Sprintf("field %q: %s", e.Field, e.Problem) }

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// SyntaxError is input that is not JSON, or not JSON of the snapshot's shape
// (a string where a number belongs, a truncated document, trailing bytes).
type SyntaxError struct {
	Offset int    // byte offset of the problem
	Reason string // what the decoder expected or found
}

// Error returns "invalid JSON at byte N: REASON".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d: %s", e.Offset, e.Reason)
}

// Marshal encodes s as JSON.
func Marshal(s *Snapshot) ([]byte, error) { return easyjson.Marshal(s) }

// ReadFile reads and validates the snapshot at path. Every error starts with
// the path and, for invalid content, names the field. A regular file larger
// than MaxFileSize is rejected from its size, before any of it is read.
func ReadFile(path string) (*Snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // *PathError already names the file
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > MaxFileSize {
		return nil, fmt.Errorf("%s: %d MiB: %w", path, fi.Size()>>20, ErrTooLarge)
	}
	s, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Read reads at most MaxFileSize+1 bytes from r, then decodes and validates
// them; input longer than MaxFileSize is rejected with ErrTooLarge.
func Read(r io.Reader) (*Snapshot, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if len(data) > MaxFileSize {
		return nil, ErrTooLarge
	}
	return Unmarshal(data)
}

// Unmarshal decodes and validates one snapshot: the JSON must parse, every
// key the writer always writes must be present and not null (a missing
// number would otherwise read as a plausible 0), and Validate must pass.
func Unmarshal(data []byte) (*Snapshot, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &SyntaxError{Offset: 0, Reason: "empty input"}
	}
	var s Snapshot
	if err := easyjson.Unmarshal(data, &s); err != nil {
		return nil, syntaxErr(err, len(data))
	}
	// A different version may have a different shape: say that first
	// rather than which field it lacks.
	if err := s.validateSchema(); err != nil {
		return nil, err
	}
	if err := checkPresent(data, s.version()); err != nil {
		return nil, err
	}
	if s.Schema == SchemaV1 {
		s.upgrade()
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

// version is the schema's number: 1 or 2.
func (s *Snapshot) version() int {
	if s.Schema == SchemaV1 {
		return 1
	}
	return 2
}

// syntaxErr turns a decoder error into a one-line SyntaxError. The
// decoder's own message may quote the whole input; this one never does.
func syntaxErr(err error, n int) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &SyntaxError{Offset: n, Reason: "unexpected end of input (truncated file?)"}
	}
	var le *jlexer.LexerError
	if !errors.As(err, &le) {
		return &SyntaxError{Offset: 0, Reason: err.Error()}
	}
	reason := le.Reason
	if le.Offset >= n || reason == "EOF" {
		reason = "unexpected end of input (truncated file?)"
	}
	return &SyntaxError{Offset: le.Offset, Reason: reason}
}
