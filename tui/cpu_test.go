package tui

import (
	"context"
	"io"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/mcptop/mcptop/engine"
)

// TestUICPUCost measures what the dashboard costs while a workload runs:
// the real program (renderer, frame-rate ticker and all) at 120×40 in
// TrueColor, fed one Update per second as the engine sends them, with five
// minutes of history and the 5 min window. It reports process CPU time over
// wall time; nothing else runs in the process. It takes MCPTOP_UI_CPU
// seconds, so it only runs when that variable is set.
func TestUICPUCost(t *testing.T) {
	secs, _ := strconv.Atoi(os.Getenv("MCPTOP_UI_CPU"))
	if secs <= 0 {
		t.Skip("set MCPTOP_UI_CPU=20 to measure the UI's CPU cost")
	}
	lipgloss.SetColorProfile(termenv.TrueColor)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	wls := testWorkloads()
	ch := make(chan engine.Update, 400)
	for k := 1; k <= 330; k++ {
		ch <- cannedUpdate(wls[0], 1, k)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in, keys := io.Pipe()
	done := make(chan error, 1)
	go func() {
		_, err := run(ctx, &fakeController{}, wls, ch, Options{Theme: "dark", statusTTL: time.Millisecond},
			tea.WithInput(in), tea.WithOutput(io.Discard), tea.WithoutSignalHandler())
		done <- err
	}()
	keys.Write([]byte(">"))
	time.Sleep(time.Second) // let the backlog drain
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			t.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	c0, w0 := cpu(), time.Now()
	for k := 331; k < 331+secs; k++ {
		time.Sleep(time.Second)
		ch <- cannedUpdate(wls[0], 1, k)
	}
	c1, w1 := cpu(), time.Now()
	keys.Write([]byte("q"))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	keys.Close()
	t.Logf("UI CPU: %v over %v = %.2f%% of one core", c1-c0, w1.Sub(w0), 100*float64(c1-c0)/float64(w1.Sub(w0)))
}
