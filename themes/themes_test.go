package themes

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

func TestNames(t *testing.T) {
	t.Parallel()
	got := strings.Join(Names(), ",")
	if want := "dark,light,high-contrast,mono"; got != want {
		t.Fatalf("Names() = %s, want %s", got, want)
	}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	for _, n := range Names() {
		th, err := Lookup(n)
		if err != nil || th.Name != n {
			t.Fatalf("Lookup(%q) = %v, %v", n, th.Name, err)
		}
	}
	_, err := Lookup("solarized")
	if err == nil {
		t.Fatal("Lookup(solarized) did not fail")
	}
	for _, n := range append(Names(), `"solarized"`) {
		if !strings.Contains(err.Error(), n) {
			t.Errorf("error %q does not mention %s", err, n)
		}
	}
}

func TestNextCyclesThroughAll(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	name := Default
	for range Names() {
		seen[name] = true
		name = Next(name).Name
	}
	if name != Default || len(seen) != len(Names()) {
		t.Fatalf("after a full cycle at %q, saw %v", name, seen)
	}
	if Next("nope").Name != Names()[0] {
		t.Fatal("Next of an unknown name is not the first theme")
	}
}

func TestChoose(t *testing.T) {
	t.Parallel()
	dark := func() bool { return true }
	light := func() bool { return false }
	never := func() bool { t.Error("background queried although the choice was already made"); return true }
	tests := []struct {
		name    string
		flag    string
		noColor bool
		bg      func() bool
		want    string
		wantErr bool
	}{
		{"flag wins", "high-contrast", true, never, "high-contrast", false},
		{"unknown flag", "neon", false, never, "", true},
		{"NO_COLOR gives mono", "", true, never, "mono", false},
		{"dark background", "", false, dark, "dark", false},
		{"light background", "", false, light, "light", false},
		{"unknown background", "", false, nil, "dark", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			th, err := Choose(tt.flag, tt.noColor, tt.bg)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if th.Name != tt.want {
				t.Fatalf("theme = %q, want %q", th.Name, tt.want)
			}
		})
	}
}

func TestStylesUseTheThemeColours(t *testing.T) {
	t.Parallel()
	for _, n := range Names() {
		th, _ := Lookup(n)
		s := NewStyles(th)
		if s.Baseline.GetForeground() != th.Baseline || s.Optimised.GetForeground() != th.Optimised ||
			s.Good.GetForeground() != th.Good || s.Bad.GetForeground() != th.Bad ||
			s.Muted.GetForeground() != th.Muted || s.Rule.GetForeground() != th.Border {
			t.Errorf("%s: a style does not carry its theme colour", n)
		}
	}
}

func TestMonoTellsVariantsApartWithoutColour(t *testing.T) {
	t.Parallel()
	th, _ := Lookup("mono")
	s := NewStyles(th)
	if !th.Mono {
		t.Fatal("mono theme not marked Mono")
	}
	if _, ok := s.Baseline.GetForeground().(lipgloss.NoColor); !ok {
		t.Error("mono baseline has a colour")
	}
	if s.Baseline.GetBold() == s.Optimised.GetBold() {
		t.Error("mono baseline and optimised have the same weight")
	}
	if s.ActiveTab.GetReverse() == s.Tab.GetReverse() {
		t.Error("mono active tab looks like the others")
	}
}

func TestColouredThemesDiffer(t *testing.T) {
	t.Parallel()
	for _, n := range []string{"dark", "light", "high-contrast"} {
		th, _ := Lookup(n)
		if th.Mono || th.Baseline == th.Optimised || th.Good == th.Bad {
			t.Errorf("%s: variants or good/bad share a colour", n)
		}
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		flag string
		ok   bool
	}{{"", true}, {"dark", true}, {"mono", true}, {"pink", false}} {
		if err := Check(tc.flag); (err == nil) != tc.ok {
			t.Errorf("Check(%q) = %v, want ok %v", tc.flag, err, tc.ok)
		}
	}
}
