package target

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/textproto"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/proc"
	"github.com/mcptop/mcptop/transport"
)

// Defaults of a Config.
const (
	DefaultTimeout = time.Second
	DefaultDepth   = 32
	// DefaultStartTimeout bounds starting (or dialling) a server and its
	// initialize: a server that has not answered by then has failed.
	DefaultStartTimeout = 10 * time.Second
)

// Forms lists the server forms a Config accepts, for messages.
const Forms = "a command line ('CMD ARGS…', a stdio server), tcp://HOST:PORT, http(s)://HOST:PORT/PATH (Streamable HTTP) or sse+http(s)://HOST:PORT/PATH (HTTP+SSE)"

// Config says which MCP servers the target workload measures and what it
// calls.
type Config struct {
	// A is the server measured: a command line started as a stdio child
	// ("npx -y @modelcontextprotocol/server-everything"; split like a shell
	// splits words, with quotes and backslashes, but nothing else of a
	// shell), tcp://HOST:PORT (newline-delimited JSON on a socket),
	// http(s)://HOST:PORT/PATH (Streamable HTTP) or
	// sse+http(s)://HOST:PORT/PATH (HTTP+SSE, the 2024-11-05 transport).
	A string
	// B, optional, is a second server: A is then side A (implementation
	// server-a) and B side B (server-b). Without B, both sides run against their own
	// instance of A (an A/A run; the ratio shows the noise floor).
	B string
	// LabelA and LabelB name the servers; the default is the serverInfo
	// name and version each gives in initialize.
	LabelA, LabelB string
	// Call is the load: "ping" (default), "tools/call:NAME", another method
	// name, or "initialize": cold start, where one operation is a whole
	// session: start (spawn or connect), initialize, tools/list, end.
	//
	// Call may instead be a mix: comma-separated entries, each METHOD or
	// tools/call:NAME with an optional :WEIGHT (default 1), say
	// "tools/list:1,tools/call:echo:3,resources/read:1"; each request's
	// method is picked by weight, and the engine accounts for each apart.
	// The methods of a mix are MCP's repeatable requests, each once.
	Call string
	// Args is a JSON object: the tool's arguments for tools/call:NAME
	// (default {}), or the params of another method (default none); for a
	// single call only.
	Args string
	// ArgsFor gives an entry of Call its arguments: "KEY=JSON", KEY the
	// entry without its weight ("tools/call:echo", "resources/read").
	ArgsFor []string
	// Headers are sent with every HTTP request, each "Name: value" (an
	// Authorization token, say). The values are secrets: they are never
	// printed, logged or recorded.
	Headers []string
	// Insecure skips the verification of an https server's certificate.
	Insecure bool
	// ServerPID names, by variant, the process of a server mcptop does not
	// start (an HTTP server on this machine), whose CPU and memory it then
	// reads; 0 for none.
	ServerPID [2]int
	// Timeout turns a request without response into an error, and bounds
	// each write to a server; default 1s.
	Timeout time.Duration
	// StartTimeout bounds the start of a server: spawn (or connect),
	// initialize and the check of the tool; default DefaultStartTimeout.
	StartTimeout time.Duration
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
	// Progress, if set, hears what the target does that takes time: a
	// server starting, and how long it took to be ready; one message at a
	// time.
	Progress func(msg string)
	// DialA and DialB, when set, replace A and B: they open the connection
	// to the server (an in-process server in tests, or a transport of the
	// embedding program's).
	DialA, DialB func(ctx context.Context) (transport.Conn, error)
}

// ConfigError is a Config field whose value the target cannot use. Field is
// the field's name ("A", "B", "Call", "Args", "ArgsFor", "Headers", "Timeout",
// "StartTimeout" or "Grace"; "ServerPID" and "ServerPIDB" for the pids of
// A and B), so that a command line can name the flag that set it.
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
	eps := []endpoint{}
	for _, f := range []struct {
		field, s string
		dial     func(context.Context) (transport.Conn, error)
	}{{"A", cfg.A, cfg.DialA}, {"B", cfg.B, cfg.DialB}} {
		if f.s == "" && f.dial == nil {
			continue
		}
		ep, err := parseEndpoint(f.field, f.s, f.dial)
		if err != nil {
			return err
		}
		eps = append(eps, ep)
	}
	for field, d := range map[string]time.Duration{"Timeout": cfg.Timeout, "StartTimeout": cfg.StartTimeout, "Grace": cfg.Grace} {
		if d < 0 {
			return &ConfigError{Field: field, Err: errors.New("must not be negative")}
		}
	}
	if _, err := parseHeaders(cfg.Headers); err != nil {
		return err
	}
	if err := checkRemoteOnly(cfg, eps); err != nil {
		return err
	}
	_, err := parseCall(cfg.Call, cfg.Args, cfg.ArgsFor...)
	return err
}

// checkRemoteOnly refuses what applies to servers mcptop does not start
// when no server is one: headers without an HTTP server, a pid to read
// where mcptop reads its own child.
func checkRemoteOnly(cfg *Config, eps []endpoint) error {
	anyHTTP := false
	for _, ep := range eps {
		anyHTTP = anyHTTP || ep.kind == kindHTTP || ep.kind == kindSSE
	}
	if len(cfg.Headers) > 0 && !anyHTTP {
		return &ConfigError{Field: "Headers", Err: errors.New("headers go with an http(s):// or sse+http(s):// server")}
	}
	for v, pid := range cfg.ServerPID {
		field := [2]string{"ServerPID", "ServerPIDB"}[v]
		switch {
		case pid < 0:
			return &ConfigError{Field: field, Err: fmt.Errorf("pid %d", pid)}
		case pid == 0:
		case v >= len(eps):
			return &ConfigError{Field: field, Err: errors.New("a pid for B without a server B")}
		case eps[v].kind == kindCommand:
			return &ConfigError{Field: field, Err: errors.New("a command's own process is measured already: a pid is for a server mcptop does not start")}
		}
	}
	return nil
}

// withDefaults returns cfg with its zero values replaced by the defaults.
func (cfg Config) withDefaults(tempDir string) Config {
	if cfg.Call == "" {
		cfg.Call = codec.MethodPing
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.StartTimeout == 0 {
		cfg.StartTimeout = DefaultStartTimeout
	}
	if cfg.Grace == 0 {
		cfg.Grace = proc.DefaultGrace
	}
	if cfg.LogDir == "" {
		cfg.LogDir = tempDir
	}
	if p := cfg.Progress; p == nil {
		cfg.Progress = func(string) {}
	} else {
		var mu sync.Mutex // the sides start at once: one message at a time
		cfg.Progress = func(msg string) {
			mu.Lock()
			defer mu.Unlock()
			p(msg)
		}
	}
	return cfg
}

// kind is how a server is reached.
type kind uint8

const (
	kindCommand kind = iota // a stdio child
	kindTCP
	kindHTTP // Streamable HTTP
	kindSSE  // HTTP+SSE
	kindDial // Config.DialA or DialB
)

// transportName names a kind in settings and descriptions.
var transportName = [...]string{kindCommand: "stdio", kindTCP: "tcp", kindHTTP: "streamable-http", kindSSE: "http+sse", kindDial: "in-process"}

// endpoint is a parsed server address.
type endpoint struct {
	kind kind
	argv []string // a command
	addr string   // a TCP address, or an http(s) URL
	dial func(ctx context.Context) (transport.Conn, error)
	desc string // as given, a URL's secrets hidden
}

// parseEndpoint reads the server of Config field (A or B).
func parseEndpoint(field, s string, dial func(context.Context) (transport.Conn, error)) (endpoint, error) {
	if dial != nil {
		return endpoint{kind: kindDial, dial: dial, desc: "in-process"}, nil
	}
	bad := func(err error) (endpoint, error) {
		return endpoint{}, &ConfigError{Field: field, Err: err}
	}
	first, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	scheme, rest, isURL := strings.Cut(first, "://")
	if !isURL {
		argv, err := proc.SplitCommand(s)
		if err != nil {
			return bad(fmt.Errorf("%q: %w", s, err))
		}
		if len(argv) == 0 {
			return bad(errors.New("empty command"))
		}
		return endpoint{kind: kindCommand, argv: argv, desc: s}, nil
	}
	desc := transport.RedactURL(first)
	if first != strings.TrimSpace(s) {
		return bad(fmt.Errorf("%s: a URL is one word", desc))
	}
	switch strings.ToLower(scheme) {
	case "tcp":
		if _, _, err := net.SplitHostPort(rest); err != nil {
			return bad(fmt.Errorf("%q: %w", s, err))
		}
		return endpoint{kind: kindTCP, addr: rest, desc: s}, nil
	case "http", "https":
		return endpoint{kind: kindHTTP, addr: first, desc: desc}, nil
	case "sse+http", "sse+https":
		return endpoint{kind: kindSSE, addr: first[len("sse+"):], desc: desc}, nil
	}
	return bad(fmt.Errorf("unknown scheme %q in %s; a server is %s", scheme+"://", desc, Forms))
}

// parseHeaders reads Config.Headers. Its errors never hold a value.
func parseHeaders(lines []string) (http.Header, error) {
	if len(lines) == 0 {
		return nil, nil
	}
	h := http.Header{}
	for i, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t\r\n") || strings.ContainsAny(value, "\r\n") {
			return nil, &ConfigError{Field: "Headers", Err: fmt.Errorf("header %d is not 'Name: value'", i+1)}
		}
		h.Add(textproto.CanonicalMIMEHeaderKey(name), strings.TrimSpace(value))
	}
	return h, nil
}

// headerNames lists the names of Config.Headers, for settings.
func headerNames(h http.Header) string {
	return strings.Join(slices.Sorted(maps.Keys(h)), ", ")
}
