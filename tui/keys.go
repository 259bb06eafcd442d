package tui

import (
	"strconv"

	"github.com/charmbracelet/bubbles/key"
)

// KeyMap is every key binding of the dashboard, each with the help text
// the full help shows for it. ShortHelp and FullHelp are built from these
// same bindings on each call, so what the help says is what acts.
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
	ImplA         key.Binding // side A's next (a) or previous (A) implementation
	ImplB         key.Binding // side B's next (b) or previous (B) implementation
	Percentile    key.Binding // p50 → p95 → p99 → all three
	Histogram     key.Binding // latency chart ↔ histogram
	WindowShorter key.Binding
	WindowLonger  key.Binding
	Theme         key.Binding
	Service       key.Binding // latency from the intended send ↔ service time (open loop)
	Methods       key.Binding // a mix's methods in place of the latency chart
	Knee          key.Binding // the capacity search's knee chart in place of throughput
	RateUp        key.Binding // an open loop's rate, through 1-2-5 steps
	RateDown      key.Binding
	Export        key.Binding
	Help          key.Binding
	Quit          key.Binding

	param string // the parameter [ and ] change; "" when there is none
	saved bool   // a replay: only the keys that change what is shown act
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
		Workload:      key.NewBinding(key.WithKeys(digits...), key.WithHelp(digitHelp, "workload")),
		NextWorkload:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next workload")),
		PrevWorkload:  key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("S-tab", "prev workload")),
		Pause:         key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "pause/resume")),
		Reset:         key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reset run")),
		MoreWorkers:   key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "workers ×2")),
		FewerWorkers:  key.NewBinding(key.WithKeys("-", "_"), key.WithHelp("-", "workers ÷2")),
		ParamUp:       key.NewBinding(key.WithKeys("]")),
		ParamDown:     key.NewBinding(key.WithKeys("[")),
		Mode:          key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "alt/parallel")),
		ImplA:         key.NewBinding(key.WithKeys("a", "A"), key.WithHelp("a/A", "A: next/prev impl")),
		ImplB:         key.NewBinding(key.WithKeys("b", "B"), key.WithHelp("b/B", "B: next/prev impl")),
		Percentile:    key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "p50/p95/p99/all")),
		Histogram:     key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "histogram")),
		WindowShorter: key.NewBinding(key.WithKeys("<", ","), key.WithHelp("<", "shorter span")),
		WindowLonger:  key.NewBinding(key.WithKeys(">", "."), key.WithHelp(">", "longer span")),
		Theme:         key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "theme")),
		Service:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "service time")),
		Methods:       key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "by method")),
		Knee:          key.NewBinding(key.WithKeys("k"), key.WithHelp("k", "knee chart")),
		RateUp:        key.NewBinding(key.WithKeys("}")),
		RateDown:      key.NewBinding(key.WithKeys("{")),
		Export:        key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export")),
		Help:          key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "close help")),
		Quit:          key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
	k.SetParam(param)
	k.SetRate(false)
	return k
}

// SetParam names the parameter [ and ] change, disabling them when the
// workload has none.
func (k *KeyMap) SetParam(name string) {
	k.param = name
	enabled := name != ""
	k.ParamUp.SetEnabled(enabled)
	k.ParamDown.SetEnabled(enabled)
	if enabled {
		k.ParamUp.SetHelp("]", "raise "+name)
		k.ParamDown.SetHelp("[", "lower "+name)
	}
}

// SetRate enables the open loop's keys ({ and } for the rate, s for the
// service time, c for the methods of a mix, k for the knee chart) when the
// shown workload has open loops (a rate parameter).
func (k *KeyMap) SetRate(has bool) {
	for _, b := range []*key.Binding{&k.RateUp, &k.RateDown, &k.Service, &k.Methods, &k.Knee} {
		b.SetEnabled(has)
	}
	k.RateUp.SetHelp("}", "raise rate")
	k.RateDown.SetHelp("{", "lower rate")
}

// SetImpls disables a and b when the shown workload has fewer than three
// implementations: with two, each side's only other choice is the one the
// other side runs.
func (k *KeyMap) SetImpls(n int) {
	k.ImplA.SetEnabled(n > 2)
	k.ImplB.SetEnabled(n > 2)
}

// SetSaved makes the keys a replay's: the tabs are saved runs, and the help
// lists only the keys that change what is shown (the others are refused
// when pressed, saying why).
func (k *KeyMap) SetSaved() {
	k.saved = true
	k.Workload.SetHelp(k.Workload.Help().Key, "run")
	k.NextWorkload.SetHelp(k.NextWorkload.Help().Key, "next run")
	k.PrevWorkload.SetHelp(k.PrevWorkload.Help().Key, "prev run")
}

// ShortHelp is the one-line help: the keys a first-time user needs, in
// shorter words (the parameters line shows the keys of each parameter and
// view).
func (k KeyMap) ShortHelp() []key.Binding {
	if k.saved {
		return []key.Binding{k.Workload, worded(k.Percentile, "percentile"), k.Histogram,
			paired(k.WindowShorter, k.WindowLonger, "span"), worded(k.Help, "all keys"), k.Quit}
	}
	return []key.Binding{k.Workload, worded(k.Pause, "pause"), worded(k.Reset, "reset"),
		worded(k.Mode, "mode"), k.Export, worded(k.Help, "all keys"), k.Quit}
}

// FullHelp is every binding, in columns; the two keys of an opposite pair
// share one entry ("+/-"), so the full help fits 80 columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	if k.saved {
		return [][]key.Binding{
			{k.Workload, k.NextWorkload, k.PrevWorkload},
			{k.Percentile, k.Histogram, paired(k.WindowShorter, k.WindowLonger, "time span")},
			{k.Theme, k.Help, k.Quit},
		}
	}
	return [][]key.Binding{
		{k.Workload, k.NextWorkload, k.PrevWorkload, paired(k.MoreWorkers, k.FewerWorkers, "workers ×2/÷2")},
		{k.Pause, k.Reset, k.Mode, k.ImplA, k.ImplB},
		{paired(k.ParamDown, k.ParamUp, k.param), paired(k.RateDown, k.RateUp, "rate ÷/× 1-2-5"),
			paired(k.WindowShorter, k.WindowLonger, "time span"), k.Export, k.Help},
		{k.Percentile, k.Histogram, k.Service, k.Methods, k.Knee, k.Theme, k.Quit},
	}
}

// worded is b with the help text desc, for a help line with less room.
func worded(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// paired is one help entry for the opposite bindings a and b: their keys,
// "a/b" as its key text and desc; disabled when a is.
func paired(a, b key.Binding, desc string) key.Binding {
	p := key.NewBinding(key.WithKeys(append(a.Keys(), b.Keys()...)...),
		key.WithHelp(a.Help().Key+"/"+b.Help().Key, desc))
	p.SetEnabled(a.Enabled())
	return p
}
