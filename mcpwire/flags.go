package mcpwire

import (
	"errors"
	"flag"
	"fmt"
	"strings"
)

// TargetFlags registers the target workload's flags on fs: --target,
// --target-b, --label-a, --label-b, --call, --args, --target-timeout and
// --target-grace. After fs.Parse, the returned function gives the
// configuration, nil (and no error) when --target was not given, or an error
// for a bad combination or value (a usage error).
func TargetFlags(fs *flag.FlagSet) func() (*TargetConfig, error) {
	var cfg TargetConfig
	fs.StringVar(&cfg.A, "target", "", "benchmark a real MCP server: a command line started as a stdio child ('CMD ARGS…'), or tcp://HOST:PORT")
	fs.StringVar(&cfg.B, "target-b", "", "a second MCP server (same forms as --target): A is the baseline variant, B the optimised one")
	fs.StringVar(&cfg.LabelA, "label-a", "", "label of the --target server (default: its serverInfo name and version)")
	fs.StringVar(&cfg.LabelB, "label-b", "", "label of the --target-b server (default: its serverInfo name and version)")
	fs.StringVar(&cfg.Call, "call", "ping", "what the target load calls: ping, tools/call:NAME, or another method")
	fs.StringVar(&cfg.Args, "args", "", "JSON object: the arguments of --call tools/call:NAME (default {}), or the params of another method")
	fs.DurationVar(&cfg.Timeout, "target-timeout", DefaultTargetTimeout, "a target request unanswered this long counts as an error")
	fs.DurationVar(&cfg.Grace, "target-grace", DefaultGrace, "how long a target child gets between SIGTERM and SIGKILL")
	return func() (*TargetConfig, error) {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if cfg.A == "" {
			for _, name := range []string{"target-b", "label-a", "label-b", "call", "args", "target-timeout", "target-grace"} {
				if set[name] {
					return nil, fmt.Errorf("--%s needs --target", name)
				}
			}
			return nil, nil
		}
		if set["label-b"] && cfg.B == "" {
			return nil, errors.New("--label-b needs --target-b")
		}
		if cfg.Timeout <= 0 || cfg.Grace <= 0 {
			return nil, errors.New("--target-timeout and --target-grace must be positive")
		}
		c := cfg
		if err := c.Validate(); err != nil {
			return nil, err
		}
		return &c, nil
	}
}

// SplitCommand splits a command line into words as a POSIX shell would,
// honouring single quotes, double quotes (in which \\, \", \$ and \` are
// escapes) and backslashes, and nothing else: no variables, globs, pipes or
// redirections.
func SplitCommand(s string) ([]string, error) {
	var (
		words []string
		cur   strings.Builder
		inArg bool
	)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inArg {
				words = append(words, cur.String())
				cur.Reset()
				inArg = false
			}
		case c == '\\':
			inArg = true
			if i+1 < len(s) {
				i++
				if s[i] != '\n' {
					cur.WriteByte(s[i])
				}
			}
		case c == '\'':
			inArg = true
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("unterminated single quote")
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
		case c == '"':
			inArg = true
			closed := false
			for i++; i < len(s); i++ {
				if s[i] == '"' {
					closed = true
					break
				}
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\\"$`", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if !closed {
				return nil, errors.New("unterminated double quote")
			}
		default:
			inArg = true
			cur.WriteByte(c)
		}
	}
	if inArg {
		words = append(words, cur.String())
	}
	return words, nil
}
