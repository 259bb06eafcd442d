package main

import (
	"cmp"
	"flag"
	"fmt"
	"sort"
	"strings"

	"github.com/mcptop/mcptop/workload"
)

// paramFlags are the workload parameters' flags, by parameter name. A
// parameter is one flag however many workloads have it; its value is set
// on each of them whose range holds it.
type paramFlags map[string]*int

// defineParamFlags registers one flag per parameter name of ts. The flag's
// default and help come from the first workload that has the parameter;
// the help names every workload that has it.
func defineParamFlags(fs *flag.FlagSet, ts []tab) paramFlags {
	pf := paramFlags{}
	for _, t := range ts {
		for name, p := range t.params {
			if name == workload.ArrivalsParam {
				continue // --arrivals names it: constant or poisson (loadflags.go)
			}
			if pf[name] == nil {
				pf[name] = fs.Int(name, p.Default, paramHelp(p, ts))
			}
		}
	}
	return pf
}

func paramHelp(p workload.Param, ts []tab) string {
	var users []string
	for _, t := range ts {
		if _, ok := t.params[p.Name]; ok {
			users = append(users, t.name)
		}
	}
	h := fmt.Sprintf("%s workload: %s, %d-%d", strings.Join(users, "/"), p.Help, p.Min, p.Max)
	if p.Unit != "" {
		h += " " + p.Unit
	}
	return h
}

// resolve validates the parameter flags given (set) against the workloads
// that will exist (ts) and returns the values each workload takes. A value
// must suit the first workload if that has the parameter, and at least one
// workload otherwise.
func (pf paramFlags) resolve(set map[string]bool, ts []tab, first string) (map[string]workload.Params, error) {
	var names []string
	for name := range pf {
		if set[name] {
			names = append(names, name)
		}
	}
	sort.Strings(names) // the first bad flag named is the same every time
	out := map[string]workload.Params{}
	for _, name := range names {
		if err := resolveParam(name, *pf[name], ts, first, out); err != nil {
			return nil, usagef("--%s: %w", name, err)
		}
	}
	return out, nil
}

// resolveParam sets parameter name to v in out for every workload of ts
// whose range holds v.
func resolveParam(name string, v int, ts []tab, first string, out map[string]workload.Params) error {
	var refused error
	took := false
	for _, t := range ts {
		p, ok := t.params[name]
		if !ok {
			continue
		}
		if err := p.Validate(v); err != nil {
			err = fmt.Errorf("%s workload: %w", t.name, err)
			if t.name == first {
				return err
			}
			refused = cmp.Or(refused, err)
			continue
		}
		if out[t.name] == nil {
			out[t.name] = workload.Params{}
		}
		out[t.name][name] = v
		took = true
	}
	switch {
	case took:
		return nil
	case refused == nil:
		return fmt.Errorf("none of the workloads %s has it", tabNames(ts))
	}
	return refused
}
