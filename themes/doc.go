// Package themes holds mcptop's colour themes and decides which one to use.
//
// A Theme is a small set of semantic colours — baseline, optimised, good,
// bad, muted, accent, border — and NewStyles is the one place that turns a
// theme into lipgloss styles. Views take Styles; they never name a raw
// colour, so a new theme is a new table entry and nothing else.
//
// Four themes ship: dark (the default), light, high-contrast and mono. Choose
// picks one from the --theme flag, the NO_COLOR convention and whether the
// terminal background is dark. The caller supplies that last fact (the UI
// asks lipgloss, whose answer bubbletea's init already cached), so this
// package never queries the terminal itself.
//
// This package imports lipgloss only: never bubbletea, the engine or the UI.
package themes
