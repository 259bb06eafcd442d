package themes

import "github.com/charmbracelet/lipgloss"

// Styles are the lipgloss styles the views use, all built from one Theme by
// NewStyles.
type Styles struct {
	Theme Theme

	Text      lipgloss.Style // plain figures
	Baseline  lipgloss.Style // the baseline variant: chart line, legend, column head
	Optimised lipgloss.Style // the optimised variant
	Good      lipgloss.Style // a clear improvement
	Bad       lipgloss.Style // a clear regression, an error
	Muted     lipgloss.Style // secondary text, "no clear difference"
	Accent    lipgloss.Style // emphasis

	Title     lipgloss.Style // panel titles
	Tab       lipgloss.Style // a workload tab
	ActiveTab lipgloss.Style // the workload shown
	Key       lipgloss.Style // a key name in running text ("[+/-]")
	Rule      lipgloss.Style // separators

	Axis      lipgloss.Style // chart axes
	AxisLabel lipgloss.Style // chart tick labels

	Running lipgloss.Style // run state: running
	Paused  lipgloss.Style // run state: paused, stopped
	Warmup  lipgloss.Style // run state: warm-up

	Status      lipgloss.Style // the status line
	StatusError lipgloss.Style // the status line reporting a failure

	HelpKey  lipgloss.Style // bubbles/help key column
	HelpDesc lipgloss.Style // bubbles/help descriptions
	HelpSep  lipgloss.Style // bubbles/help separators
}

// NewStyles builds every style the views use from t. It is the only place
// colours become styles.
func NewStyles(t Theme) Styles {
	fg := func(c lipgloss.TerminalColor) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	s := Styles{
		Theme:       t,
		Text:        lipgloss.NewStyle(),
		Baseline:    fg(t.Baseline),
		Optimised:   fg(t.Optimised),
		Good:        fg(t.Good).Bold(true),
		Bad:         fg(t.Bad).Bold(true),
		Muted:       fg(t.Muted),
		Accent:      fg(t.Accent),
		Title:       fg(t.Accent).Bold(true),
		Tab:         fg(t.Muted),
		ActiveTab:   fg(t.Accent).Bold(true).Underline(true),
		Key:         fg(t.Accent),
		Rule:        fg(t.Border),
		Axis:        fg(t.Border),
		AxisLabel:   fg(t.Muted),
		Running:     fg(t.Good).Bold(true),
		Paused:      fg(t.Bad).Bold(true),
		Warmup:      fg(t.Baseline).Bold(true),
		Status:      fg(t.Accent),
		StatusError: fg(t.Bad).Bold(true),
		HelpKey:     fg(t.Accent),
		HelpDesc:    fg(t.Muted),
		HelpSep:     fg(t.Border),
	}
	if t.Mono {
		// No colour: weight and decoration carry the meaning instead.
		s.Optimised = s.Optimised.Bold(true)
		s.Muted = s.Muted.Faint(true)
		s.Tab = lipgloss.NewStyle()
		s.ActiveTab = lipgloss.NewStyle().Reverse(true).Bold(true)
		s.Bad = s.Bad.Underline(true)
		s.Axis = lipgloss.NewStyle().Faint(true)
		s.AxisLabel = lipgloss.NewStyle().Faint(true)
		s.HelpDesc = lipgloss.NewStyle().Faint(true)
		s.Paused = s.Paused.Reverse(true)
	}
	return s
}
