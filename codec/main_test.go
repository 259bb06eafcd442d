package codec

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a test leaves a goroutine running (the
// concurrency tests start some).
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
