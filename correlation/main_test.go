package correlation

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a test leaves a goroutine running: a
// responder, a reader or an owner that Close did not stop.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
