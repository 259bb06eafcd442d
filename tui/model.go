package tui

import (
	"cmp"
	"fmt"
	"os"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/themes"
	"github.com/mcptop/mcptop/units"
	"github.com/mcptop/mcptop/workload"
)

// Controller is what the dashboard asks of the engine; *engine.Runner
// satisfies it. Every command returns at once with its sequence number; its
// effect, or why it was refused, shows in the first Update whose Seq is at
// least that number.
type Controller interface {
	Pause() uint64
	Resume() uint64
	Switch(name string) uint64
	StepParam(name string, dir int) uint64
	ToggleMode() uint64
	StepImpl(side workload.Variant, dir int) uint64
	Reset() uint64
	Snapshot() *snapshot.Snapshot
}

// Options configure the dashboard.
type Options struct {
	// Theme names the theme; "" picks mono when NO_COLOR is set, else light
	// or dark from the terminal background.
	Theme string
	// Out is where e writes the snapshot; "" means
	// ./mcptop-<timestamp>.json at the time of the export.
	Out string
	// Against is a saved session (--against) whose runs are drawn as
	// faint lines behind the live run of the same workload, parameters
	// and implementations; AgainstName names it (its file).
	Against     *snapshot.Snapshot
	AgainstName string

	statusTTL time.Duration // tests shorten the status line's life
}

// frameRate caps how often the terminal is repainted, per second: a
// second's data arrives once a second, and keys need no more.
const frameRate = 30

// Minimum terminal size for the dashboard; below it one line says so.
const (
	MinWidth  = 60
	MinHeight = 20
)

// statusTTL is how long a transient status message stays.
const statusTTL = 5 * time.Second

// windows are the chart time windows < and > step through; 0 is the whole
// run.
var windows = []struct {
	secs int
	name string
}{{30, "30s"}, {60, "60s"}, {300, "5m"}, {0, "run"}}

// defaultWindow is the index of 60 s in windows.
const defaultWindow = 1

// pctNames are the latency chart selections p cycles through.
var pctNames = [4]string{"p50", "p95", "p99", "p50/p95/p99"}

// defaultPct is p99, the figure a latency regression shows in first.
const defaultPct = 2

// Model is the dashboard's root Bubble Tea model. Update is the only owner
// of its state; View returns a frame composed when the state last changed.
type Model struct {
	ctrl    Controller
	updates <-chan engine.Update
	tabs    []tab
	opts    Options
	now     func() time.Time

	saved   *savedSession // the snapshot a replay shows; nil when live
	against *against      // --against; nil without it
	note    string        // a status message apply leaves for Update to show

	keys   KeyMap
	help   help.Model
	theme  themes.Theme
	styles themes.Styles

	width, height int
	current       string // the tab shown, by key
	pending       uint64 // a switch asked for by a key that no Update has confirmed yet
	hist          map[string]*history
	state         engine.State
	stateKnown    bool
	pct           int  // index into pctNames
	histView      bool // the histogram replaces the latency chart
	window        int  // index into windows

	status    string
	statusBad bool
	statusSeq int
	statusTTL time.Duration

	ov      openView // open loops, mixes and capacity searches (openloop.go)
	lay     layout
	tput    *timeChart
	lat     *timeChart
	hp      *histPanel
	scratch *[]point
	// ghostScratch holds the ghost's points being drawn, reused.
	ghostScratch *[]point
	frame        string
}

// New returns the dashboard for workloads (in tab order), driving r. It
// starts at 80×24 until the terminal reports its size. An unknown
// opts.Theme falls back to the default theme (Run reports it as an error).
func New(r Controller, workloads []workload.Workload, opts Options) Model {
	tabs := make([]tab, len(workloads))
	for i, w := range workloads {
		tabs[i] = tab{key: w.Name, label: w.Name, w: w}
	}
	m := newModel(r, tabs, opts)
	if opts.Against != nil {
		m.against = newAgainst(opts.Against, opts.AgainstName)
	}
	return m
}

// newModel is the dashboard of tabs, driving r.
func newModel(r Controller, tabs []tab, opts Options) Model {
	th, err := themes.Choose(opts.Theme, os.Getenv("NO_COLOR") != "", lipgloss.HasDarkBackground)
	if err != nil {
		th, _ = themes.Lookup(themes.Default)
	}
	scratch := make([]point, 0, recentCap+1)
	ghostScratch := make([]point, 0, recentCap+1)
	m := Model{
		ctrl:      r,
		tabs:      tabs,
		opts:      opts,
		now:       time.Now,
		help:      newHelp(),
		width:     80,
		height:    24,
		hist:      map[string]*history{},
		window:    defaultWindow,
		statusTTL: cmp.Or(opts.statusTTL, statusTTL),
		pct:       defaultPct,
		hp:        &histPanel{},
		scratch:   &scratch,

		ghostScratch: &ghostScratch,
	}
	if len(tabs) > 0 {
		m.current = tabs[0].key
	}
	m.keys = DefaultKeyMap(len(tabs), m.paramName())
	m.syncKeys()
	m.tput = newTimeChart(false, themes.NewStyles(th))
	m.lat = newTimeChart(true, themes.NewStyles(th))
	m.setTheme(th)
	m.rebuild()
	return m
}

// withUpdates makes the model read engine Updates from ch.
func (m Model) withUpdates(ch <-chan engine.Update) Model {
	m.updates = ch
	return m
}

// Init starts reading the engine's updates.
func (m Model) Init() tea.Cmd {
	if m.updates == nil {
		return nil
	}
	return waitForUpdate(m.updates)
}

// Update handles one message.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.relayout()
		return m, nil
	case tea.KeyMsg:
		return m.handleKey(msg)
	case updateMsg:
		u := engine.Update(msg)
		if m.apply(u) {
			m.rebuild()
		} else {
			m.relayout()
		}
		next := waitForUpdate(m.updates)
		note := m.note
		m.note = ""
		switch {
		case u.Rejected != nil:
			mm, expire := m.setStatus(true, "%v", u.Rejected)
			return mm, tea.Batch(next, expire)
		case u.Notice != "" && u.Notice != "paused" && u.Notice != "resumed":
			if note != "" {
				note = " · " + note
			}
			mm, expire := m.setStatus(false, "%s%s", u.Notice, note)
			return mm, tea.Batch(next, expire)
		case note != "":
			mm, expire := m.setStatus(false, "%s", note)
			return mm, tea.Batch(next, expire)
		}
		return m, next
	case engineClosedMsg:
		return m, tea.Quit
	case exportDoneMsg:
		if msg.err != nil {
			return m.setStatus(true, "export failed: %v", msg.err)
		}
		return m.setStatus(false, "snapshot written to %s", msg.path)
	case statusExpiredMsg:
		if msg.seq == m.statusSeq && m.status != "" {
			m.status = ""
			m.relayout()
		}
		return m, nil
	}
	return m, nil
}

// View returns the frame composed by the last state change.
func (m Model) View() string { return m.frame }

// apply records an engine Update and reports whether the charts must be
// redrawn.
func (m *Model) apply(u engine.Update) bool {
	key := m.keyOf(u)
	h := m.histFor(key)
	changed := h.apply(shown(u))
	if m.against != nil && h.ghostOf != u.RunID && u.Err == nil {
		h.ghostOf = u.RunID
		h.ghost, m.note = m.against.match(u)
		changed = true
	}
	m.noteCapacity(u)
	m.state, m.stateKnown = u.State, true
	redraw := false
	if m.pending != 0 && u.Seq >= m.pending {
		m.pending = 0
	}
	if m.pending == 0 && key != m.current {
		// The engine decides what runs, until a key asks otherwise.
		m.current = key
		m.syncKeys()
		redraw = true
	}
	return redraw || (changed && key == m.current)
}

// shown is u with the words it carries from outside — implementation names
// and labels, which a replayed snapshot or a target's server gives — made
// safe for the terminal once, so that every line showing them (legends,
// table head, status) is.
func shown(u engine.Update) engine.Update {
	for v := range 2 {
		u.Impls[v], u.Labels[v] = units.SafeLine(u.Impls[v]), units.SafeLine(u.Labels[v])
	}
	return u
}

// keyOf is the key of the tab u belongs to: its workload's, or in a replay
// its run's.
func (m *Model) keyOf(u engine.Update) string {
	if m.saved != nil {
		return runKey(u.RunID)
	}
	return u.Workload
}

func (m *Model) histFor(name string) *history {
	h := m.hist[name]
	if h == nil {
		h = newHistory()
		m.hist[name] = h
	}
	return h
}

// last returns the newest Update of the shown workload, and whether one came.
func (m *Model) last() (engine.Update, bool) {
	if h := m.hist[m.current]; h != nil && h.seen {
		return h.last, true
	}
	return engine.Update{}, false
}

// currentWorkload returns the shown tab's workload and the tab's index.
func (m *Model) currentWorkload() (workload.Workload, int) {
	for i, t := range m.tabs {
		if t.key == m.current {
			return t.w, i
		}
	}
	return workload.Workload{Name: m.current}, -1
}

// sides returns the names and labels of the implementations sides A and B
// run on the shown workload: the newest Update's, else the workload's
// default pair.
func (m *Model) sides() (names, labels [2]string) {
	if u, ok := m.last(); ok && u.Impls != ([2]string{}) {
		return u.Impls, u.Labels
	}
	w, _ := m.currentWorkload()
	for v, name := range w.Pair {
		names[v] = name
		if im, ok := w.Impl(name); ok {
			labels[v] = im.Label
		}
	}
	return names, labels
}

// syncKeys fits the keys to the shown workload: the parameter [ and ]
// change, a and b, and an open loop's keys.
func (m *Model) syncKeys() {
	m.keys.SetParam(m.paramName())
	m.keys.SetImpls(m.implCount())
	m.keys.SetRate(m.hasRate())
}

// implCount is how many implementations the shown workload has.
func (m *Model) implCount() int {
	w, _ := m.currentWorkload()
	return len(w.Impls)
}

// paramName is the parameter [ and ] change: the shown workload's first.
func (m *Model) paramName() string {
	w, _ := m.currentWorkload()
	if len(w.Params) == 0 {
		return ""
	}
	return w.Params[0].Name
}

// paramValue is the current value of a parameter of the shown workload.
func (m *Model) paramValue(name string) (int, bool) {
	if u, ok := m.last(); ok {
		if v, ok := u.Params[name]; ok {
			return v, true
		}
	}
	w, _ := m.currentWorkload()
	if p, ok := w.Param(name); ok {
		return p.Default, true
	}
	return 0, false
}

func (m *Model) setTheme(th themes.Theme) {
	m.theme = th
	m.styles = themes.NewStyles(th)
	m.tput.setStyles(m.styles)
	m.lat.setStyles(m.styles)
	m.hp.styles = m.styles
	m.help.Styles.ShortKey = m.styles.HelpKey
	m.help.Styles.FullKey = m.styles.HelpKey
	m.help.Styles.ShortDesc = m.styles.HelpDesc
	m.help.Styles.FullDesc = m.styles.HelpDesc
	m.help.Styles.ShortSeparator = m.styles.HelpSep
	m.help.Styles.FullSeparator = m.styles.HelpSep
	m.help.Styles.Ellipsis = m.styles.HelpSep
}

// setStatus shows a transient message in the status line and schedules its
// removal.
func (m Model) setStatus(bad bool, format string, args ...any) (tea.Model, tea.Cmd) {
	m.status = fmt.Sprintf(format, args...)
	m.statusBad = bad
	m.statusSeq++
	seq := m.statusSeq
	m.relayout()
	return m, tea.Tick(m.statusTTL, func(time.Time) tea.Msg { return statusExpiredMsg{seq} })
}

func newHelp() help.Model {
	h := help.New()
	h.FullSeparator = "  "
	return h
}
