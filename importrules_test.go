package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"testing"
)

// importRule is what one package of mcptop may import besides the standard
// library. Each row of importRules restates the import rule of that
// package's doc comment; a package without a row fails the test, so a new
// package starts by stating its rule in its doc.go and here.
type importRule struct {
	mcptop     []string // packages of this module, by path below it ("" is the root)
	anyMcptop  bool     // every package of this module
	thirdParty []string // module paths (or path prefixes) outside it
}

// Third-party groups named by the rules.
var (
	charm    = []string{"github.com/charmbracelet", "github.com/NimbleMarkets/ntcharts", "github.com/muesli/termenv"}
	easyjson = []string{"github.com/mailru/easyjson"}
)

// importRules has a row per package: to add a package, state its rule in
// one sentence of its doc.go, then write the same rule here. A row for a
// package not written yet (units) costs nothing.
var importRules = map[string]importRule{
	"":                  {anyMcptop: true},
	"workload":          {},
	"units":             {},
	"stats":             {},
	"percentile":        {mcptop: []string{"units", "workload"}, thirdParty: []string{"github.com/HdrHistogram/hdrhistogram-go", "github.com/DataDog/sketches-go"}},
	"calibration":       {mcptop: []string{"workload"}},
	"registry":          {mcptop: []string{"workload"}, thirdParty: []string{"github.com/puzpuzpuz/xsync/v4"}},
	"correlation":       {mcptop: []string{"workload"}},
	"codec":             {mcptop: []string{"workload"}, thirdParty: append([]string{"github.com/go-json-experiment/json"}, easyjson...)},
	"gosdk":             {mcptop: []string{"codec", "mcpwire", "workload"}, thirdParty: []string{"github.com/modelcontextprotocol/go-sdk"}},
	"mcpwire":           {mcptop: []string{"codec", "transport", "workload"}},
	"transport":         {},
	"proc":              {},
	"target":            {mcptop: []string{"codec", "mcpwire", "proc", "transport", "workload"}},
	"snapshot":          {mcptop: []string{"stats"}, thirdParty: easyjson},
	"engine":            {mcptop: []string{"capacity", "percentile", "snapshot", "stats", "units", "workload"}},
	"capacity":          {mcptop: []string{"units"}},
	"metrics":           {mcptop: []string{"engine", "workload"}, thirdParty: []string{"github.com/prometheus/client_golang", "github.com/prometheus/client_model"}},
	"report":            {mcptop: []string{"percentile", "snapshot", "stats", "units", "workload"}},
	"merge":             {mcptop: []string{"percentile", "snapshot", "stats", "units"}},
	"themes":            {thirdParty: []string{"github.com/charmbracelet/lipgloss"}},
	"tui":               {mcptop: []string{"engine", "percentile", "snapshot", "themes", "units", "workload"}, thirdParty: charm},
	"scripts/minclient": {mcptop: []string{"target", "workload"}, thirdParty: []string{"github.com/modelcontextprotocol/go-sdk"}},
}

// importBan is a rule the layering rests on, checked against everything a
// package depends on, directly or not: no row of importRules can lift it.
type importBan struct {
	who     []string // packages below the module; nil: all but except
	except  []string
	never   []string // packages below the module, or third-party prefixes
	because string
}

var workloadPackages = []string{"registry", "correlation", "codec", "percentile", "calibration", "mcpwire", "gosdk", "target", "transport", "proc"}

var importBans = []importBan{
	{except: []string{"", "tui", "themes"}, never: charm,
		because: "only the UI (tui, and themes for lipgloss styles) knows Charm"},
	{who: workloadPackages, never: []string{"engine", "snapshot", "tui", "themes", "report", "metrics"},
		because: "a workload knows only the workload contract, never who runs or shows it"},
	{who: []string{"engine"}, never: []string{"registry", "correlation", "codec", "mcpwire", "gosdk", "target", "transport", "proc", "tui", "themes", "report", "metrics"},
		because: "the engine runs any workload through the contract (percentile only for its histogram) and knows no UI"},
	{who: []string{"report", "snapshot", "workload", "units"}, never: []string{"engine"},
		because: "a snapshot is read without the engine that wrote it"},
}

// goPackage is the part of `go list -json` the rules need.
type goPackage struct {
	ImportPath string
	Standard   bool
	Imports    []string
	Deps       []string
	Module     *struct {
		Path string
		Main bool
	}
}

// TestImportRules holds every package of the module to its doc.go's import
// rule and to the bans.
func TestImportRules(t *testing.T) {
	pkgs, err := goList()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range checkImports(pkgs, importRules, importBans) {
		t.Error(v)
	}
}

func goList() ([]goPackage, error) {
	cmd := exec.Command("go", "list", "-deps", "-json=ImportPath,Standard,Imports,Deps,Module", "./...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w\n%s", err, stderr.String())
	}
	var pkgs []goPackage
	for dec := json.NewDecoder(bytes.NewReader(out)); ; {
		var p goPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			return pkgs, nil
		} else if err != nil {
			return nil, fmt.Errorf("go list output: %w", err)
		}
		pkgs = append(pkgs, p)
	}
}

// checkImports lists every import of the main module's packages that its
// rule does not allow, every dependency a ban forbids, and every package
// without a rule.
func checkImports(pkgs []goPackage, rules map[string]importRule, bans []importBan) []string {
	std := map[string]bool{}
	module := ""
	for _, p := range pkgs {
		std[p.ImportPath] = p.Standard
		if p.Module != nil && p.Module.Main {
			module = p.Module.Path
		}
	}
	rel := func(path string) (string, bool) {
		if path == module {
			return "", true
		}
		return strings.CutPrefix(path, module+"/")
	}
	if module == "" {
		return []string{"go list named no package of the main module"}
	}
	var out []string
	for _, p := range pkgs {
		name, ok := rel(p.ImportPath)
		if !ok {
			continue
		}
		rule, ok := rules[name]
		if !ok {
			out = append(out, fmt.Sprintf("%s has no import rule: state one in its doc.go and add it to importRules", p.ImportPath))
			continue
		}
		for _, imp := range p.Imports {
			if r, mine := rel(imp); !std[imp] && !allowed(rule, r, mine, imp) {
				out = append(out, fmt.Sprintf("%s imports %s, which its doc.go does not allow", p.ImportPath, imp))
			}
		}
		for _, b := range bans {
			if !b.applies(name) {
				continue
			}
			var hits []string
			for _, dep := range p.Deps {
				if r, mine := rel(dep); !std[dep] && b.forbids(r, mine, dep) {
					hits = append(hits, dep)
				}
			}
			if len(hits) > 0 {
				more := ""
				if len(hits) > 1 {
					more = fmt.Sprintf(" (and %d more)", len(hits)-1)
				}
				out = append(out, fmt.Sprintf("%s depends on %s%s: %s", p.ImportPath, hits[0], more, b.because))
			}
		}
	}
	sort.Strings(out)
	return out
}

func allowed(rule importRule, rel string, mine bool, path string) bool {
	if mine {
		return rule.anyMcptop || slices.Contains(rule.mcptop, rel)
	}
	return underAny(path, rule.thirdParty)
}

func (b importBan) applies(name string) bool {
	if b.who != nil {
		return slices.Contains(b.who, name)
	}
	return !slices.Contains(b.except, name)
}

func (b importBan) forbids(rel string, mine bool, path string) bool {
	if mine {
		return slices.Contains(b.never, rel)
	}
	return underAny(path, b.never)
}

// underAny reports whether path is one of prefixes or below one of them.
func underAny(path string, prefixes []string) bool {
	for _, p := range prefixes {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// TestCheckImports proves the check fails on each kind of violation, with
// a made-up module listing.
func TestCheckImports(t *testing.T) {
	t.Parallel()
	const m = "example.com/m"
	main := &struct {
		Path string
		Main bool
	}{m, true}
	pkg := func(name string, imports, deps []string) goPackage {
		path := m
		if name != "" {
			path = m + "/" + name
		}
		return goPackage{ImportPath: path, Imports: imports, Deps: deps, Module: main}
	}
	std := goPackage{ImportPath: "fmt", Standard: true}
	rules := map[string]importRule{
		"":         {anyMcptop: true},
		"workload": {},
		"engine":   {mcptop: []string{"workload"}},
		"registry": {mcptop: []string{"workload"}},
		"tui":      {mcptop: []string{"engine", "workload"}, thirdParty: charm},
		"themes":   {thirdParty: []string{"github.com/charmbracelet/lipgloss"}},
	}
	bans := []importBan{
		{except: []string{"", "tui", "themes"}, never: charm, because: "charm"},
		{who: []string{"engine"}, never: []string{"registry"}, because: "layers"},
	}
	clean := []goPackage{
		std,
		pkg("workload", []string{"fmt"}, []string{"fmt"}),
		pkg("engine", []string{"fmt", m + "/workload"}, []string{"fmt", m + "/workload"}),
		pkg("registry", []string{m + "/workload"}, []string{m + "/workload"}),
		pkg("themes", []string{"github.com/charmbracelet/lipgloss"}, []string{"github.com/charmbracelet/lipgloss"}),
		pkg("tui", []string{m + "/engine", "github.com/charmbracelet/bubbletea"},
			[]string{m + "/engine", m + "/workload", "github.com/charmbracelet/bubbletea", "github.com/muesli/termenv"}),
		pkg("", []string{m + "/tui", m + "/registry"}, []string{m + "/tui", m + "/registry", "github.com/charmbracelet/bubbletea"}),
	}
	if got := checkImports(clean, rules, bans); len(got) != 0 {
		t.Fatalf("clean listing: %q", got)
	}
	for _, tc := range []struct {
		name string
		bad  goPackage
		want []string
	}{
		{"an import of mcptop the rule does not allow",
			pkg("workload", []string{m + "/engine"}, []string{m + "/engine"}),
			[]string{"example.com/m/workload imports example.com/m/engine, which its doc.go does not allow"}},
		{"a third-party import the rule does not allow",
			pkg("registry", []string{"github.com/x/y"}, []string{"github.com/x/y"}),
			[]string{"example.com/m/registry imports github.com/x/y, which its doc.go does not allow"}},
		{"a prefix is a path, not a string prefix",
			pkg("themes", []string{"github.com/charmbracelet/lipglossy"}, nil),
			[]string{"example.com/m/themes imports github.com/charmbracelet/lipglossy, which its doc.go does not allow"}},
		{"a ban holds for indirect dependencies",
			pkg("registry", []string{m + "/workload"}, []string{m + "/workload", "github.com/muesli/termenv"}),
			[]string{"example.com/m/registry depends on github.com/muesli/termenv: charm"}},
		{"an allowed import can still break a ban",
			pkg("engine", []string{m + "/workload"}, []string{m + "/workload", m + "/registry"}),
			[]string{"example.com/m/engine depends on example.com/m/registry: layers"}},
		{"a package without a rule",
			pkg("units", nil, nil),
			[]string{"example.com/m/units has no import rule: state one in its doc.go and add it to importRules"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pkgs := slices.DeleteFunc(slices.Clone(clean), func(p goPackage) bool { return p.ImportPath == tc.bad.ImportPath })
			got := checkImports(append(pkgs, tc.bad), rules, bans)
			if !slices.Equal(got, tc.want) {
				t.Errorf("violations %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("a listing without the module", func(t *testing.T) {
		t.Parallel()
		if got := checkImports([]goPackage{std}, rules, bans); len(got) != 1 {
			t.Errorf("violations %q, want one saying the module is missing", got)
		}
	})
}
