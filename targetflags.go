package main

import (
	"errors"
	"flag"
	"fmt"
	"slices"

	"github.com/mcptop/mcptop/proc"
	"github.com/mcptop/mcptop/target"
)

// targetFlagOf names the flag that sets each target.Config field, for
// turning the library's errors into the command line's.
var targetFlagOf = map[string]string{
	"A": "target", "B": "target-b", "Call": "call", "Args": "args", "ArgsFor": "args-for", "Timeout": "target-timeout", "Grace": "target-grace",
	"Headers": "header", "ServerPID": "server-pid", "ServerPIDB": "server-pid-b", "StartTimeout": "start-timeout",
}

// listFlag collects a flag that may be given many times (--header,
// --args-for). String, which the flag package prints as a default, shows
// none: --header's values are secrets.
type listFlag []string

func (l *listFlag) String() string     { return "" }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// targetFlags registers the target workload's flags on fs: --target,
// --target-b, --label-a, --label-b, --call, --args, --header, --insecure,
// --server-pid, --server-pid-b, --target-timeout, --start-timeout,
// --target-grace and --keep-logs. After fs.Parse, the returned function gives the
// configuration, nil (and no error) when --target was not given, or an error
// for a bad combination or value (a usage error), naming the flag.
func targetFlags(fs *flag.FlagSet) func() (*target.Config, error) {
	var cfg target.Config
	var headers, argsFor listFlag
	fs.StringVar(&cfg.A, "target", "", "benchmark a real MCP server: "+target.Forms)
	fs.StringVar(&cfg.B, "target-b", "", "a second MCP server (same forms as --target): A is side A (server-a), B side B (server-b)")
	fs.StringVar(&cfg.LabelA, "label-a", "", "label of the --target server (default: its serverInfo name and version)")
	fs.StringVar(&cfg.LabelB, "label-b", "", "label of the --target-b server (default: its serverInfo name and version)")
	fs.StringVar(&cfg.Call, "call", "ping", "what the target load calls: ping, tools/call:NAME, another method, or initialize (cold start: one op is start, initialize, tools/list, end); or a weighted mix, METHOD[:WEIGHT] or tools/call:NAME[:WEIGHT] joined by commas, e.g. 'tools/list:1,tools/call:echo:3,resources/read:1'")
	fs.StringVar(&cfg.Args, "args", "", "JSON object: the arguments of --call tools/call:NAME (default {}), or the params of another method; a single call only")
	fs.Var(&argsFor, "args-for", `KEY=JSON: the arguments of one entry of a --call mix, KEY the entry without its weight, e.g. 'tools/call:echo={"message":"hi"}' (repeatable)`)
	fs.Var(&headers, "header", "'Name: value' sent with every HTTP request to the servers (repeatable); values are never printed or saved")
	fs.BoolVar(&cfg.Insecure, "insecure", false, "do not verify an https server's TLS certificate (self-signed test servers)")
	fs.IntVar(&cfg.ServerPID[0], "server-pid", 0, "pid of the --target server when mcptop does not start it (a local HTTP server): its CPU and memory are read")
	fs.IntVar(&cfg.ServerPID[1], "server-pid-b", 0, "pid of the --target-b server, likewise")
	fs.DurationVar(&cfg.Timeout, "target-timeout", target.DefaultTimeout, "a target request unanswered this long counts as an error")
	fs.DurationVar(&cfg.StartTimeout, "start-timeout", target.DefaultStartTimeout, "a target server not ready (started or connected, initialized) this long after its start fails the run")
	fs.DurationVar(&cfg.Grace, "target-grace", proc.DefaultGrace, "how long a target child gets between SIGTERM and SIGKILL")
	fs.BoolVar(&cfg.KeepLogs, "keep-logs", false, "keep the target servers' stderr logs at exit (they are kept anyway when a server fails)")
	return func() (*target.Config, error) {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if cfg.A == "" {
			if name := firstGiven(set, "target-b", "label-a", "label-b", "call", "args", "args-for", "header", "insecure",
				"server-pid", "server-pid-b", "target-timeout", "start-timeout", "target-grace", "keep-logs"); name != "" {
				return nil, fmt.Errorf("--%s needs --target", name)
			}
			return nil, nil
		}
		if name := firstGiven(set, "label-b", "server-pid-b"); name != "" && cfg.B == "" {
			return nil, fmt.Errorf("--%s needs --target-b", name)
		}
		if cfg.Timeout <= 0 || cfg.Grace <= 0 || cfg.StartTimeout <= 0 {
			return nil, errors.New("--target-timeout, --start-timeout and --target-grace must be positive")
		}
		c := cfg
		c.Headers = slices.Clone(headers)
		c.ArgsFor = slices.Clone(argsFor)
		if err := c.Validate(); err != nil {
			return nil, targetFlagError(err)
		}
		return &c, nil
	}
}

// targetFlagError puts the flag's name on a target.ConfigError.
func targetFlagError(err error) error {
	var ce *target.ConfigError
	if errors.As(err, &ce) {
		if name, ok := targetFlagOf[ce.Field]; ok {
			return fmt.Errorf("--%s: %w", name, ce.Err)
		}
	}
	return err
}
