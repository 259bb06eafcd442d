package tui

import (
	"image"
	"strings"
	"unicode/utf8"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// styleKey identifies how a cell looks, as far as the styles mcptop gives
// ntcharts go; lipgloss.Style itself is not comparable.
type styleKey struct {
	fg                          lipgloss.TerminalColor
	bold, faint, underline, rev bool
}

func keyOf(s *lipgloss.Style) styleKey {
	return styleKey{s.GetForeground(), s.GetBold(), s.GetFaint(), s.GetUnderline(), s.GetReverse()}
}

var plainKey = styleKey{fg: lipgloss.NoColor{}}

// renderCanvas writes cv to b, one line per row, rendering each run of
// equally styled cells with one Style.Render call, and margins[y] (when
// given) after row y. ntcharts' own View renders every cell separately,
// which costs about a microsecond a cell.
func renderCanvas(b *strings.Builder, cv *canvas.Model, margins []string) {
	w, h := cv.Width(), cv.Height()
	run := make([]byte, 0, w*3)
	for y := range h {
		if y > 0 {
			b.WriteByte('\n')
		}
		var cur styleKey
		var curStyle lipgloss.Style
		for x := range w {
			c := cv.Cell(image.Point{X: x, Y: y})
			k := plainKey
			if c.Rune != 0 {
				k = keyOf(&c.Style) // a cell nothing was drawn in has the zero style
			}
			if x == 0 || k != cur {
				run = flushRun(b, run, cur, &curStyle)
				cur, curStyle = k, c.Style
			}
			r := c.Rune
			if r == 0 {
				r = ' '
			}
			run = utf8.AppendRune(run, r)
		}
		run = flushRun(b, run, cur, &curStyle)
		if y < len(margins) {
			b.WriteString(margins[y])
		}
	}
}

func flushRun(b *strings.Builder, run []byte, k styleKey, s *lipgloss.Style) []byte {
	if len(run) == 0 {
		return run
	}
	if k == plainKey {
		b.Write(run)
	} else {
		b.WriteString(s.Render(string(run)))
	}
	return run[:0]
}

// padRight pads s with spaces to w display cells, or cuts it to w.
func padRight(s string, w int) string {
	n := lipgloss.Width(s)
	if n > w {
		return truncate(s, w)
	}
	return s + strings.Repeat(" ", w-n)
}

// padLeft right-aligns s in w display cells, cutting it when too long.
func padLeft(s string, w int) string {
	n := lipgloss.Width(s)
	if n > w {
		return truncate(s, w)
	}
	return strings.Repeat(" ", w-n) + s
}

// truncate cuts plain or styled s to at most w cells, marking the cut with
// an ellipsis.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if lipgloss.Width(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}
