package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/report"
	"github.com/mcptop/mcptop/themes"
)

// subcommands are mcptop's sub-commands with a line each, for the shell
// completions. A new sub-command is added here too.
var subcommands = [][2]string{
	{"report", "render a snapshot: text, md, csv, json, html"},
	{"compare", "flag regressions between two snapshots"},
	{"view", "show a saved snapshot in the dashboard"},
	{"list", "list every workload, its parameters and its implementations"},
	{"matrix", "run every implementation of a workload against a reference"},
	{"merge", "combine the snapshots of a fleet run at the same time"},
	{"serve", "run the built-in MCP server over TCP and Streamable HTTP"},
	{"version", "print the version of mcptop"},
	{"completion", "print a shell completion script: bash, zsh or fish"},
}

// shells are the shells `mcptop completion` writes for.
var shells = []string{"bash", "zsh", "fish"}

// compFlag is a flag as a completion sees it.
type compFlag struct {
	name   string
	help   string   // one short line
	isBool bool     // takes no value
	values []string // the values it takes; nil: any (or files)
	files  bool     // its value is a file name
}

// compCmd is mcptop or one of its sub-commands.
type compCmd struct {
	name  string // "" for mcptop itself
	flags []compFlag
	args  []string // the words its arguments are (completion: shells)
	files bool     // its arguments are files (report, compare)
}

// completion is `mcptop completion bash|zsh|fish`: a script that completes
// mcptop's sub-commands, its flags and theirs, and the values a flag takes
// (workload names, modes, themes, formats, metrics), built from the flag
// sets themselves so it cannot fall behind them.
func completion(args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return usagef("completion: want one shell: %s (source <(mcptop completion bash))", strings.Join(shells, ", "))
	}
	cmds := completionCmds()
	switch args[0] {
	case "bash":
		writeBash(stdout, cmds)
	case "zsh":
		writeZsh(stdout, cmds)
	case "fish":
		writeFish(stdout, cmds)
	default:
		return usagef("completion: unknown shell %q; want %s", args[0], strings.Join(shells, ", "))
	}
	return nil
}

// completionCmds describes mcptop and its sub-commands.
func completionCmds() []compCmd {
	ts := tabs(builtins())
	var names []string
	for _, t := range ts {
		names = append(names, t.name)
	}
	var metrics []string
	for _, m := range report.AllMetrics {
		metrics = append(metrics, string(m))
	}
	root := compCmd{flags: compFlags(defineFlags(ts).fs, map[string][]string{
		"workload": names,
		"mode":     {engine.Alternate.String(), engine.Parallel.String()},
		"theme":    themes.Names(),
		"call":     {"ping", "tools/call:", "tools/list"},
		"arrivals": {"constant", "poisson"},
	}, "out", "against")}
	root.flags = append(root.flags, compFlag{name: "version", help: "print the version of mcptop", isBool: true})
	return []compCmd{
		root,
		{name: "report", files: true, flags: compFlags(report.FlagSet("report"), map[string][]string{
			"format": report.Formats, "workload": names,
		})},
		{name: "compare", files: true, flags: compFlags(report.FlagSet("compare"), map[string][]string{
			"format": report.CompareFormats, "metric": metrics,
		})},
		{name: "view", files: true, flags: compFlags(viewFlags(new(string)), map[string][]string{"theme": themes.Names()})},
		{name: "version"},
		{name: "completion", args: shells},
	}
}

// compFlags lists fs's flags with the values each takes; the flags named
// in files take a file name.
func compFlags(fs *flag.FlagSet, values map[string][]string, files ...string) []compFlag {
	var out []compFlag
	fs.VisitAll(func(f *flag.Flag) {
		b, ok := f.Value.(interface{ IsBoolFlag() bool })
		out = append(out, compFlag{
			name: f.Name, help: shortHelp(f.Usage), isBool: ok && b.IsBoolFlag(),
			values: values[f.Name], files: slices.Contains(files, f.Name),
		})
	})
	return out
}

// shortHelp is a flag's usage up to its first colon, semicolon or
// parenthesis, without the characters the shells' specs treat specially.
func shortHelp(usage string) string {
	if i := strings.IndexAny(usage, ":;(["); i > 0 {
		usage = usage[:i]
	}
	usage = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`'"\`+"`$[]", r) {
			return -1
		}
		return r
	}, usage)
	return strings.TrimSpace(usage)
}

func subNames() []string {
	var names []string
	for _, s := range subcommands {
		names = append(names, s[0])
	}
	return names
}

func writeBash(w io.Writer, cmds []compCmd) {
	fmt.Fprintf(w, `# bash completion for mcptop. Load it with: source <(mcptop completion bash)
_mcptop() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} sub=
	# --flag=value: bash splits at "=".
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = ]]; then
		prev=${COMP_WORDS[COMP_CWORD-2]}
	fi
	if ((COMP_CWORD > 1)); then
		case ${COMP_WORDS[1]} in %s) sub=${COMP_WORDS[1]} ;; esac
	fi
	local flag=
	[[ $prev == -* ]] && flag=${prev#-} && flag=${flag#-}
	COMPREPLY=()
	case $sub in
`, strings.Join(subNames(), "|"))
	for _, c := range cmds {
		fmt.Fprintf(w, "\t%q)\n\t\tcase $flag in\n", c.name)
		var flags, free []string
		for _, f := range c.flags {
			flags = append(flags, "--"+f.name)
			switch {
			case f.isBool:
			case f.files:
				fmt.Fprintf(w, "\t\t%s) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", f.name)
			case f.values != nil:
				fmt.Fprintf(w, "\t\t%s) COMPREPLY=($(compgen -W %q -- \"$cur\")); return ;;\n", f.name, strings.Join(f.values, " "))
			default:
				free = append(free, f.name)
			}
		}
		if free != nil {
			fmt.Fprintf(w, "\t\t%s) return ;; # any value\n", strings.Join(free, "|"))
		}
		fmt.Fprintf(w, "\t\tesac\n\t\tif [[ $cur == -* ]]; then\n\t\t\tCOMPREPLY=($(compgen -W %q -- \"$cur\"))\n", strings.Join(flags, " "))
		switch {
		case c.name == "":
			fmt.Fprintf(w, "\t\telif ((COMP_CWORD == 1)); then\n\t\t\tCOMPREPLY=($(compgen -W %q -- \"$cur\"))\n", strings.Join(subNames(), " "))
		case c.files:
			fmt.Fprintf(w, "\t\telse\n\t\t\tcompopt -o filenames 2>/dev/null\n\t\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n")
		case c.args != nil:
			fmt.Fprintf(w, "\t\telif ((COMP_CWORD == 2)); then\n\t\t\tCOMPREPLY=($(compgen -W %q -- \"$cur\"))\n", strings.Join(c.args, " "))
		}
		fmt.Fprintf(w, "\t\tfi\n\t\t;;\n")
	}
	fmt.Fprintf(w, "\tesac\n}\ncomplete -F _mcptop mcptop\n")
}

func writeZsh(w io.Writer, cmds []compCmd) {
	fmt.Fprintf(w, `#compdef mcptop
# zsh completion for mcptop. Load it with: source <(mcptop completion zsh)
# (after compinit), or save it as _mcptop in a directory on $fpath.
_mcptop() {
	local -a subcommands
	subcommands=(
`)
	for _, s := range subcommands {
		fmt.Fprintf(w, "\t\t'%s:%s'\n", s[0], s[1])
	}
	fmt.Fprintf(w, "\t)\n\tcase $words[2] in\n")
	for _, c := range cmds {
		switch {
		case c.name == "":
			continue
		case c.flags == nil && c.args == nil && !c.files:
			fmt.Fprintf(w, "\t%s) ;;\n", c.name)
			continue
		}
		fmt.Fprintf(w, "\t%s)\n\t\tshift words\n\t\t(( CURRENT-- ))\n\t\t_arguments -s \\\n", c.name)
		writeZshSpecs(w, c)
		fmt.Fprintf(w, "\t\t;;\n")
	}
	fmt.Fprintf(w, "\t*)\n\t\t_arguments -s \\\n")
	writeZshSpecs(w, cmds[0])
	fmt.Fprintf(w, "\t\t;;\n\tesac\n}\n")
	fmt.Fprintf(w, "if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then\n\t_mcptop \"$@\"\nelse\n\tcompdef _mcptop mcptop\nfi\n")
}

// writeZshSpecs writes c's _arguments specs, one per line.
func writeZshSpecs(w io.Writer, c compCmd) {
	for _, f := range c.flags {
		switch {
		case f.isBool:
			fmt.Fprintf(w, "\t\t\t'--%s[%s]' \\\n", f.name, f.help)
		case f.files:
			fmt.Fprintf(w, "\t\t\t'--%s=[%s]:file:_files' \\\n", f.name, f.help)
		case f.values != nil:
			fmt.Fprintf(w, "\t\t\t'--%s=[%s]:%s:(%s)' \\\n", f.name, f.help, f.name, strings.Join(f.values, " "))
		default:
			fmt.Fprintf(w, "\t\t\t'--%s=[%s]:%s: ' \\\n", f.name, f.help, f.name)
		}
	}
	switch {
	case c.name == "":
		fmt.Fprintf(w, "\t\t\t'1: :{_describe command subcommands}'\n")
	case c.files:
		fmt.Fprintf(w, "\t\t\t'*:snapshot:_files'\n")
	default:
		fmt.Fprintf(w, "\t\t\t'1:%s:(%s)'\n", c.name, strings.Join(c.args, " "))
	}
}

func writeFish(w io.Writer, cmds []compCmd) {
	subs := strings.Join(subNames(), " ")
	fmt.Fprintf(w, "# fish completion for mcptop. Load it with: mcptop completion fish | source\ncomplete -c mcptop -f\n")
	for _, s := range subcommands {
		fmt.Fprintf(w, "complete -c mcptop -n 'test (count (commandline -opc)) -eq 1' -a %s -d '%s'\n", s[0], s[1])
	}
	for _, c := range cmds {
		cond := "not __fish_seen_subcommand_from " + subs
		if c.name != "" {
			cond = "__fish_seen_subcommand_from " + c.name
		}
		for _, f := range c.flags {
			fmt.Fprintf(w, "complete -c mcptop -n '%s' -l %s -d '%s'", cond, f.name, f.help)
			switch {
			case f.isBool:
			case f.files:
				fmt.Fprintf(w, " -r -F")
			default:
				fmt.Fprintf(w, " -x -a '%s'", strings.Join(f.values, " "))
			}
			fmt.Fprintln(w)
		}
		switch {
		case c.files:
			fmt.Fprintf(w, "complete -c mcptop -n '%s' -F\n", cond)
		case c.args != nil:
			fmt.Fprintf(w, "complete -c mcptop -n '%s' -a '%s'\n", cond, strings.Join(c.args, " "))
		}
	}
}
