package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/snapshot"
)

// withProfile runs f once per colour profile: Ascii (as in the goldens) and
// TrueColor (what a real terminal costs: every styled run gets SGR codes).
func withProfile(b *testing.B, f func(b *testing.B)) {
	for _, p := range []struct {
		name string
		p    termenv.Profile
	}{{"ascii", termenv.Ascii}, {"truecolor", termenv.TrueColor}} {
		b.Run(p.name, func(b *testing.B) {
			lipgloss.SetColorProfile(p.p)
			defer lipgloss.SetColorProfile(termenv.Ascii)
			f(b)
		})
	}
}

// benchModel is a 120×40 dashboard holding five minutes of history (300
// points per line in the 5 min window), after keys.
func benchModel(b *testing.B, keys ...string) (Model, int) {
	b.Helper()
	m := running(b, &fakeController{}, 120, 40, 330)
	m = feed(b, m, keyMsg(">"))
	for _, k := range keys {
		m = feed(b, m, keyMsg(k))
	}
	return m, 331
}

// BenchmarkTickRebuild measures one new second arriving: the history is
// updated, every panel rebuilt and the frame composed.
func BenchmarkTickRebuild(b *testing.B) {
	for _, bc := range []struct {
		name string
		keys []string
	}{{"p99", nil}, {"all-percentiles", []string{"p"}}, {"histogram", []string{"h"}}} {
		b.Run(bc.name, func(b *testing.B) {
			withProfile(b, func(b *testing.B) {
				m, next := benchModel(b, bc.keys...)
				benchTick(b, m, next, closedTick)
			})
		})
	}
	// --against an hour-long saved run: its points come from its whole-run
	// series, a second of it not yet folded into one.
	b.Run("against-hour", func(b *testing.B) {
		s := cannedSnapshot()
		s.Runs = []snapshot.Run{savedRunOf(testWorkloads()[0], 1, 3602)}
		withProfile(b, func(b *testing.B) {
			m := againstModel(b, s, 120, 40, 330, ">")
			if m.hist["registry"].ghost == nil {
				b.Fatal("no saved run drawn behind the live one")
			}
			benchTick(b, m, 331, closedTick)
		})
	})
	// An open loop's mix, its methods panel in place of the latency chart.
	b.Run("methods", func(b *testing.B) {
		withProfile(b, func(b *testing.B) {
			m := feed(b, openModel(b, &fakeController{}, 120, 40, 2000, false), keyMsg("c"))
			if !m.ov.methods {
				b.Fatal("c did not show the methods panel")
			}
			benchTick(b, m, 41, func(k int) engine.Update { return openUpdate(k, 2000, false) })
		})
	})
}

// closedTick is second k of the first test workload's run.
func closedTick(k int) engine.Update { return cannedUpdate(testWorkloads()[0], 1, k) }

func benchTick(b *testing.B, m Model, next int, tick func(k int) engine.Update) {
	msgs := make([]tea.Msg, 512)
	fill := func() {
		for j := range msgs {
			msgs[j] = updateMsg(tick(next + j))
		}
		next += len(msgs)
	}
	fill()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i > 0 && i%len(msgs) == 0 {
			b.StopTimer()
			fill() // seconds keep increasing
			b.StartTimer()
		}
		tm, _ := m.Update(msgs[i%len(msgs)])
		m = tm.(Model)
	}
}

// BenchmarkView measures View between ticks: it returns the cached frame.
func BenchmarkView(b *testing.B) {
	withProfile(b, func(b *testing.B) {
		m, _ := benchModel(b)
		b.ReportAllocs()
		b.ResetTimer()
		n := 0
		for range b.N {
			n += len(m.View())
		}
		if n == 0 {
			b.Fatal("empty view")
		}
	})
}

// BenchmarkCompose measures recomposing the frame from the cached charts, as
// after an Update without a new second or a key that changes only text.
func BenchmarkCompose(b *testing.B) {
	withProfile(b, func(b *testing.B) {
		m, _ := benchModel(b)
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			m.relayout()
		}
	})
}
