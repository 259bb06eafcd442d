package report

import (
	"testing"

	"go.uber.org/goleak"
)

// readInput reads in a goroutine it may give up on; a test that gives up
// must let it finish.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
