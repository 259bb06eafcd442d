package target

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/mcpwire"
	"github.com/mcptop/mcptop/workload"
)

// mixMethods are the requests a mix of calls may make: MCP's requests
// from a client that a server answers the same way however often they
// are made. (A single --call may name another method, an extension.)
var mixMethods = []string{
	codec.MethodPing, codec.MethodListTools, codec.MethodCallTool,
	"resources/list", "resources/read", "resources/templates/list",
	"prompts/list", "prompts/get", "completion/complete",
}

// MaxWeight bounds an entry's weight in a mix.
const MaxWeight = 1_000_000

// mixEntry is one entry of a Call: its key (the entry without its weight:
// "tools/call:echo", "resources/read"), its method and tool, and its
// weight.
type mixEntry struct {
	key, method, tool string
	weight            int
	weighted          bool // a weight was written
}

// parseMix reads Call as a comma-separated list of entries, each METHOD
// or tools/call:NAME with an optional :WEIGHT (default 1). One entry is a
// single call, as before mixes: its tool name may hold colons unless the
// last part is a number. In a mix of several, each method must be one of
// mixMethods and appear once.
func parseMix(call string) ([]mixEntry, error) {
	if call == "" {
		call = codec.MethodPing
	}
	parts := strings.Split(call, ",")
	single := len(parts) == 1
	var out []mixEntry
	for _, p := range parts {
		e, err := parseEntry(p, single)
		if err != nil {
			return nil, err
		}
		if !single {
			if !slices.Contains(mixMethods, e.method) {
				return nil, fmt.Errorf("%q: unknown method in a mix (a mix takes %s)", e.method, strings.Join(mixMethods, ", "))
			}
			if slices.ContainsFunc(out, func(o mixEntry) bool { return o.key == e.key }) {
				return nil, fmt.Errorf("%s: twice in the mix; give it one weight", e.key)
			}
		}
		out = append(out, e)
	}
	if len(out) > workload.MaxKinds {
		return nil, fmt.Errorf("a mix of %d calls; at most %d", len(out), workload.MaxKinds)
	}
	return out, nil
}

// parseEntry reads one entry of a Call.
func parseEntry(s string, single bool) (mixEntry, error) {
	if s == "" {
		return mixEntry{}, errors.New("an empty entry (two commas, or one at an end)")
	}
	e := mixEntry{weight: 1}
	body := s
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		last := s[i+1:]
		tool := strings.HasPrefix(s, codec.MethodCallTool+":") && i == len(codec.MethodCallTool)
		switch {
		case tool: // tools/call:NAME, no weight
		case isNumber(last):
			w, err := strconv.Atoi(last)
			if err != nil || w < 1 || w > MaxWeight {
				return mixEntry{}, fmt.Errorf("%s: weight %s; want a whole number from 1 to %d", s, last, MaxWeight)
			}
			e.weight, e.weighted, body = w, true, s[:i]
		case !strings.HasPrefix(s, codec.MethodCallTool+":"):
			return mixEntry{}, fmt.Errorf("%s: weight %q; want a whole number from 1 to %d", s, last, MaxWeight)
		case !single:
			return mixEntry{}, fmt.Errorf("%s: weight %q; want tools/call:NAME:WEIGHT, the weight a whole number from 1 to %d", s, last, MaxWeight)
		}
	}
	e.key, e.method = body, body
	if tool, ok := strings.CutPrefix(body, codec.MethodCallTool+":"); ok {
		if tool == "" {
			return mixEntry{}, errors.New("tools/call:NAME needs a tool name")
		}
		e.method, e.tool = codec.MethodCallTool, tool
	}
	return e, nil
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// parseArgsFor reads Config.ArgsFor: "KEY=JSON" each, KEY an entry of the
// mix (without its weight).
func parseArgsFor(list []string, entries []mixEntry) (map[string]string, error) {
	out := map[string]string{}
	for _, a := range list {
		key, js, ok := strings.Cut(a, "=")
		if !ok || key == "" {
			return nil, fmt.Errorf("%q: want KEY=JSON, KEY an entry of --call without its weight (tools/call:echo)", a)
		}
		if !slices.ContainsFunc(entries, func(e mixEntry) bool { return e.key == key }) {
			keys := make([]string, len(entries))
			for i, e := range entries {
				keys[i] = e.key
			}
			return nil, fmt.Errorf("%s: not an entry of the call (it has %s)", key, strings.Join(keys, ", "))
		}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("%s: arguments given twice", key)
		}
		out[key] = js
	}
	return out, nil
}

// kinds is the mix as the client's load sees it: nil for a single call.
func (lc *loadCall) kinds() []mcpwire.LoadKind {
	if len(lc.mix) < 2 {
		return nil
	}
	out := make([]mcpwire.LoadKind, len(lc.mix))
	for i := range lc.mix {
		k := &lc.mix[i]
		out[i] = mcpwire.LoadKind{Name: k.key, Method: k.method, Encoder: &k.enc, Weight: k.weight}
		if k.tool != "" {
			out[i].Check = toolCheck(k.tool)
		}
	}
	return out
}

// names is the mix's entries by name, for the engine (workload.Kinded);
// nil for a single call.
func (lc *loadCall) names() []string {
	if len(lc.mix) < 2 {
		return nil
	}
	out := make([]string, len(lc.mix))
	for i, k := range lc.mix {
		out[i] = k.key
	}
	return out
}

// tools lists the tools the call needs the server to have.
func (lc *loadCall) tools() []string {
	var out []string
	for _, k := range lc.mix {
		if k.tool != "" {
			out = append(out, k.tool)
		}
	}
	return out
}
