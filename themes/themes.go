package themes

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Theme is a set of semantic colours.
type Theme struct {
	Name      string
	Baseline  lipgloss.TerminalColor // the baseline variant's lines and figures
	Optimised lipgloss.TerminalColor // the optimised variant's lines and figures
	Good      lipgloss.TerminalColor // a clear improvement
	Bad       lipgloss.TerminalColor // a clear regression, errors
	Muted     lipgloss.TerminalColor // secondary text, axes, "no clear difference"
	Accent    lipgloss.TerminalColor // titles, the selected tab, keys
	Border    lipgloss.TerminalColor // separators and rules
	// Mono marks a theme without colour: views must tell the variants apart
	// by shape (the charts draw the optimised variant with line runes and
	// the baseline with braille dots) and by weight.
	Mono bool
}

// Default is the name of the theme used when nothing else decides.
const Default = "dark"

var all = []Theme{
	{
		Name:      "dark",
		Baseline:  lipgloss.Color("#E5A84B"), // amber
		Optimised: lipgloss.Color("#4FB8E8"), // sky blue
		Good:      lipgloss.Color("#5FD75F"),
		Bad:       lipgloss.Color("#FF5F5F"),
		Muted:     lipgloss.Color("#8A8A8A"),
		Accent:    lipgloss.Color("#D7AFFF"),
		Border:    lipgloss.Color("#4E4E4E"),
	},
	{
		Name:      "light",
		Baseline:  lipgloss.Color("#A05A00"),
		Optimised: lipgloss.Color("#0060A8"),
		Good:      lipgloss.Color("#1E7B1E"),
		Bad:       lipgloss.Color("#C00000"),
		Muted:     lipgloss.Color("#6C6C6C"),
		Accent:    lipgloss.Color("#6A1B9A"),
		Border:    lipgloss.Color("#B0B0B0"),
	},
	{
		// ANSI 16 bright colours: the terminal's own palette at full
		// strength, readable on any background it was configured for.
		Name:      "high-contrast",
		Baseline:  lipgloss.Color("11"), // bright yellow
		Optimised: lipgloss.Color("14"), // bright cyan
		Good:      lipgloss.Color("10"), // bright green
		Bad:       lipgloss.Color("9"),  // bright red
		Muted:     lipgloss.Color("15"), // bright white: nothing is dimmed
		Accent:    lipgloss.Color("13"), // bright magenta
		Border:    lipgloss.Color("15"),
	},
	{
		Name:      "mono",
		Baseline:  lipgloss.NoColor{},
		Optimised: lipgloss.NoColor{},
		Good:      lipgloss.NoColor{},
		Bad:       lipgloss.NoColor{},
		Muted:     lipgloss.NoColor{},
		Accent:    lipgloss.NoColor{},
		Border:    lipgloss.NoColor{},
		Mono:      true,
	},
}

// Names lists the themes in the order the t key cycles through them.
func Names() []string {
	n := make([]string, len(all))
	for i, t := range all {
		n[i] = t.Name
	}
	return n
}

// Lookup returns the named theme, or an error listing the valid names.
func Lookup(name string) (Theme, error) {
	for _, t := range all {
		if t.Name == name {
			return t, nil
		}
	}
	return Theme{}, fmt.Errorf("unknown theme %q (want one of %s)", name, strings.Join(Names(), ", "))
}

// Check is the --theme flag's rule: a theme's name, or "" for the one
// Choose picks from the terminal; otherwise Lookup's error.
func Check(flag string) error {
	if flag == "" {
		return nil
	}
	_, err := Lookup(flag)
	return err
}

// Next returns the theme after the named one, wrapping around; an unknown
// name gives the first theme.
func Next(name string) Theme {
	for i, t := range all {
		if t.Name == name {
			return all[(i+1)%len(all)]
		}
	}
	return all[0]
}

// Choose decides the theme at start-up. A non-empty flag wins and must name a
// theme; otherwise noColor (the NO_COLOR environment variable is set) gives
// mono, and darkBackground decides between dark and light. darkBackground is
// called only when needed.
func Choose(flag string, noColor bool, darkBackground func() bool) (Theme, error) {
	switch {
	case flag != "":
		return Lookup(flag)
	case noColor:
		return Lookup("mono")
	case darkBackground != nil && !darkBackground():
		return Lookup("light")
	}
	return Lookup(Default)
}
