package registry

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a test leaves a goroutine running, such as a
// Server's owner goroutine that Close did not stop.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
