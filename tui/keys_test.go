package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
)

// TestHelpIsTheBindings checks that the help shows exactly the keys that
// act: every key of every acting binding in the full help, no key there
// that nothing acts on, and the parameter keys named after the parameter
// or hidden when there is none.
func TestHelpIsTheBindings(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		param string
		impls int
	}{{"depth", 4}, {"", 2}} {
		param := tc.param
		t.Run("param="+param, func(t *testing.T) {
			t.Parallel()
			k := DefaultKeyMap(4, param)
			k.SetImpls(tc.impls)
			acting := []key.Binding{k.Workload, k.NextWorkload, k.PrevWorkload, k.Pause, k.Reset, k.MoreWorkers,
				k.FewerWorkers, k.ParamUp, k.ParamDown, k.Mode, k.ImplA, k.ImplB, k.Percentile, k.Histogram, k.WindowShorter,
				k.WindowLonger, k.Theme, k.Service, k.Methods, k.Knee, k.Export, k.Help, k.Quit}
			if k.ImplA.Enabled() != (tc.impls > 2) || k.ImplB.Enabled() != (tc.impls > 2) {
				t.Errorf("a/b enabled %v/%v with %d implementations", k.ImplA.Enabled(), k.ImplB.Enabled(), tc.impls)
			}
			keysOf := func(bs []key.Binding) []string {
				var ks []string
				for _, b := range bs {
					if b.Enabled() {
						ks = append(ks, b.Keys()...)
					}
				}
				slices.Sort(ks)
				return ks
			}
			var shown []key.Binding
			var texts []string
			for _, col := range k.FullHelp() {
				shown = append(shown, col...)
				for _, b := range col {
					if b.Enabled() {
						texts = append(texts, b.Help().Key+" "+b.Help().Desc)
					}
				}
			}
			if got, want := keysOf(shown), keysOf(acting); !slices.Equal(got, want) {
				t.Errorf("full help keys %q, acting keys %q", got, want)
			}
			named := slices.Contains(texts, "[/] "+param)
			shownAtAll := slices.ContainsFunc(texts, func(s string) bool { return strings.HasPrefix(s, "[/]") })
			if named != (param != "") || shownAtAll != named {
				t.Errorf("parameter entry with param %q: %q", param, texts)
			}
			for _, b := range k.ShortHelp() {
				if !slices.ContainsFunc(acting, func(a key.Binding) bool { return slices.Equal(a.Keys(), b.Keys()) }) {
					t.Errorf("short help entry %q acts on nothing", b.Help().Key)
				}
			}
		})
	}
}
