package tui

import (
	"strconv"

	"github.com/charmbracelet/bubbles/key"
)

// KeyMap is every key binding of the dashboard, with the help text that
// bubbles/help shows for it.
type KeyMap struct {
	Workload      key.Binding // 1–9: show workload n
	NextWorkload  key.Binding
	PrevWorkload  key.Binding
	Pause         key.Binding // pause or resume the engine
	Reset         key.Binding // discard the current run and start afresh
	MoreWorkers   key.Binding
	FewerWorkers  key.Binding
	ParamUp       key.Binding // the workload's own parameter: size, depth or window
	ParamDown     key.Binding
	Mode          key.Binding // alternate ↔ parallel
	Percentile    key.Binding // p50 → p95 → p99 → all three
	Histogram     key.Binding // latency chart ↔ histogram
	WindowShorter key.Binding
	WindowLonger  key.Binding
	Theme         key.Binding
	Export        key.Binding
	Help          key.Binding
	Quit          key.Binding

	// short and full are what bubbles/help shows: the bindings above with
	// shorter texts, and pairs such as +/- as one entry, so the full help
	// fits 80 columns.
	short []key.Binding
	full  [][]key.Binding
	param key.Binding // [/] in the full help, named after the parameter
}

// DefaultKeyMap returns the bindings for a session of n workloads (1–9 keys
// are bound for the first nine) whose shown workload's own parameter is
// named param ("" when it has none).
func DefaultKeyMap(n int, param string) KeyMap {
	n = max(1, min(n, 9))
	digits := make([]string, n)
	for i := range digits {
		digits[i] = strconv.Itoa(i + 1)
	}
	digitHelp := "1"
	if n > 1 {
		digitHelp = "1-" + strconv.Itoa(n)
	}
	k := KeyMap{
		Workload:      key.NewBinding(key.WithKeys(digits...), key.WithHelp(digitHelp, "show workload")),
		NextWorkload:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next workload")),
		PrevWorkload:  key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous workload")),
		Pause:         key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "pause/resume")),
		Reset:         key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reset run")),
		MoreWorkers:   key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "double workers")),
		FewerWorkers:  key.NewBinding(key.WithKeys("-", "_"), key.WithHelp("-", "halve workers")),
		ParamUp:       key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "raise parameter")),
		ParamDown:     key.NewBinding(key.WithKeys("["), key.WithHelp("[", "lower parameter")),
		Mode:          key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "alternate/parallel")),
		Percentile:    key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "p50/p95/p99/all")),
		Histogram:     key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "histogram/chart")),
		WindowShorter: key.NewBinding(key.WithKeys("<", ","), key.WithHelp("<", "shorter time span")),
		WindowLonger:  key.NewBinding(key.WithKeys(">", "."), key.WithHelp(">", "longer time span")),
		Theme:         key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "next theme")),
		Export:        key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export snapshot")),
		Help:          key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Quit:          key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
	show := func(keys, desc string, of ...key.Binding) key.Binding {
		var ks []string
		for _, b := range of {
			ks = append(ks, b.Keys()...)
		}
		return key.NewBinding(key.WithKeys(ks...), key.WithHelp(keys, desc))
	}
	k.short = []key.Binding{
		show(digitHelp, "workload", k.Workload), show("space", "pause", k.Pause), show("r", "reset", k.Reset),
		show("m", "mode", k.Mode), show("e", "export", k.Export), show("?", "all keys", k.Help), k.Quit,
	}
	k.param = show("[/]", param, k.ParamDown, k.ParamUp)
	k.full = [][]key.Binding{
		{show(digitHelp, "workload", k.Workload), show("tab", "next workload", k.NextWorkload),
			show("S-tab", "prev workload", k.PrevWorkload), show("+/-", "workers ×2/÷2", k.MoreWorkers, k.FewerWorkers)},
		{show("space", "pause/resume", k.Pause), show("r", "reset run", k.Reset), show("m", "alt/parallel", k.Mode)},
		{k.param, show("</>", "time span", k.WindowShorter, k.WindowLonger), show("e", "export", k.Export),
			show("?", "close help", k.Help)},
		{show("p", "p50/p95/p99/all", k.Percentile), show("h", "histogram", k.Histogram),
			show("t", "theme", k.Theme), k.Quit},
	}
	k.SetParam(param)
	return k
}

// SetParam names the parameter [ and ] change, disabling them when the
// workload has none.
func (k *KeyMap) SetParam(name string) {
	enabled := name != ""
	k.ParamUp.SetEnabled(enabled)
	k.ParamDown.SetEnabled(enabled)
	k.param.SetEnabled(enabled)
	if enabled {
		k.ParamUp.SetHelp("]", "raise "+name)
		k.ParamDown.SetHelp("[", "lower "+name)
		k.param.SetHelp("[/]", name)
	}
}

// ShortHelp is the one-line help: the keys a first-time user needs (the
// parameters line shows the keys of each parameter and view).
func (k KeyMap) ShortHelp() []key.Binding { return k.short }

// FullHelp is every binding, in columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	full := make([][]key.Binding, len(k.full))
	copy(full, k.full)
	full[2] = append([]key.Binding{k.param}, k.full[2][1:]...) // the current parameter's name
	return full
}

// Bindings lists every binding that acts, in help order.
func (k KeyMap) Bindings() []key.Binding {
	return []key.Binding{k.Workload, k.NextWorkload, k.PrevWorkload, k.Pause, k.Reset, k.MoreWorkers,
		k.FewerWorkers, k.ParamUp, k.ParamDown, k.Mode, k.Percentile, k.Histogram, k.WindowShorter,
		k.WindowLonger, k.Theme, k.Export, k.Help, k.Quit}
}
