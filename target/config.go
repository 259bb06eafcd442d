package target

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/mcptop/mcptop/proc"
	"github.com/mcptop/mcptop/transport"
)

// Defaults of a Config.
const (
	DefaultTimeout = time.Second
	DefaultDepth   = 32
	// StartTimeout bounds starting (or dialling) a server and its
	// initialize; npx may have to fetch the package first.
	StartTimeout = 60 * time.Second
)

// Config says which MCP servers the target workload measures and what it
// calls.
type Config struct {
	// A is the server measured: a command line started as a stdio child
	// ("npx -y @modelcontextprotocol/server-everything"; split like a shell
	// splits words, with quotes and backslashes, but nothing else of a shell),
	// or tcp://HOST:PORT.
	A string
	// B, optional, is a second server: A is then the baseline variant and B
	// the optimised one. Without B, both variants run against their own
	// instance of A (an A/A run; the ratio shows the noise floor).
	B string
	// LabelA and LabelB name the servers; the default is the serverInfo
	// name and version each gives in initialize.
	LabelA, LabelB string
	// Call is the load: "ping" (default), "tools/call:NAME", or another
	// method name.
	Call string
	// Args is a JSON object: the tool's arguments for tools/call:NAME
	// (default {}), or the params of another method (default none).
	Args string
	// Timeout turns a request without response into an error, and bounds
	// each write to a server; default 1s.
	Timeout time.Duration
	// Grace is how long a child gets between SIGTERM and SIGKILL; default
	// proc.DefaultGrace.
	Grace time.Duration
	// LogDir is where the children's stderr logs go; default os.TempDir().
	LogDir string
	// KeepLogs keeps the stderr logs at Close. Without it, Close removes
	// them unless a server failed, when they are what explains it.
	KeepLogs bool
	// MaxMessage bounds one message from a server; 0 means
	// transport.DefaultMaxMessage.
	MaxMessage int
	// DialA and DialB, when set, replace A and B: they open the connection
	// to the server (an in-process server in tests, or a transport of the
	// embedding program's).
	DialA, DialB func(ctx context.Context) (transport.Conn, error)
}

// ConfigError is a Config field whose value the target cannot use. Field is
// the field's name ("A", "B", "Call", "Args", "Timeout" or "Grace"), so that
// a command line can name the flag that set it.
type ConfigError struct {
	Field string
	Err   error
}

// Error names the field and what is wrong with it.
func (e *ConfigError) Error() string { return "target: " + e.Field + ": " + e.Err.Error() }

// Unwrap returns what is wrong.
func (e *ConfigError) Unwrap() error { return e.Err }

// Validate checks the configuration without starting anything. Its errors
// are *ConfigError.
func (cfg *Config) Validate() error {
	if cfg.A == "" && cfg.DialA == nil {
		return &ConfigError{Field: "A", Err: errors.New("no server given")}
	}
	if _, err := parseEndpoint("A", cfg.A, cfg.DialA); err != nil {
		return err
	}
	if cfg.B != "" || cfg.DialB != nil {
		if _, err := parseEndpoint("B", cfg.B, cfg.DialB); err != nil {
			return err
		}
	}
	if cfg.Timeout < 0 {
		return &ConfigError{Field: "Timeout", Err: errors.New("must not be negative")}
	}
	if cfg.Grace < 0 {
		return &ConfigError{Field: "Grace", Err: errors.New("must not be negative")}
	}
	_, err := parseCall(cfg.Call, cfg.Args)
	return err
}

// withDefaults returns cfg with its zero values replaced by the defaults.
func (cfg Config) withDefaults(tempDir string) Config {
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Grace == 0 {
		cfg.Grace = proc.DefaultGrace
	}
	if cfg.LogDir == "" {
		cfg.LogDir = tempDir
	}
	return cfg
}

// endpoint is a parsed server address.
type endpoint struct {
	argv []string // a command, or
	addr string   // a TCP address, or
	dial func(ctx context.Context) (transport.Conn, error)
	desc string // as given
}

// parseEndpoint reads the server of Config field (A or B).
func parseEndpoint(field, s string, dial func(context.Context) (transport.Conn, error)) (endpoint, error) {
	if dial != nil {
		return endpoint{dial: dial, desc: "in-process"}, nil
	}
	if addr, ok := strings.CutPrefix(s, "tcp://"); ok {
		if _, _, err := net.SplitHostPort(addr); err != nil {
			return endpoint{}, &ConfigError{Field: field, Err: fmt.Errorf("%q: %w", s, err)}
		}
		return endpoint{addr: addr, desc: s}, nil
	}
	argv, err := proc.SplitCommand(s)
	if err != nil {
		return endpoint{}, &ConfigError{Field: field, Err: fmt.Errorf("%q: %w", s, err)}
	}
	if len(argv) == 0 {
		return endpoint{}, &ConfigError{Field: field, Err: errors.New("empty command")}
	}
	return endpoint{argv: argv, desc: s}, nil
}
