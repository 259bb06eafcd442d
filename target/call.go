package target

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/mcptop/mcptop/codec"
)

// loadCall is the parsed Call, Args and ArgsFor: the first (or only)
// request's method, tool and template, and every entry of a mix.
type loadCall struct {
	method string
	tool   string // for tools/call
	cold   bool   // initialize: an op is a whole session (coldstart.go)
	enc    template
	mix    []callKind // every entry, the first included; one for a single call
}

// callKind is one entry of the call: its key, method, tool, weight and
// request template.
type callKind struct {
	mixEntry
	args string // compact JSON, as sent: a tool's arguments or a method's params; "" for none
	enc  template
}

// template writes a request whose bytes are fixed except for the id:
// prefix, the id, suffix. The target's arguments are any JSON the user
// gives, so they are kept as bytes rather than decoded into a codec
// Request. It is an mcpwire.RequestEncoder and safe for concurrent use.
type template struct {
	prefix, suffix []byte
}

// AppendRequest appends the request with id to dst.
func (e *template) AppendRequest(dst []byte, id int64) ([]byte, error) {
	dst = append(dst, e.prefix...)
	dst = strconv.AppendInt(dst, id, 10)
	return append(dst, e.suffix...), nil
}

// parseCall reads Config.Call, Config.Args and Config.ArgsFor. Its errors
// are *ConfigError.
func parseCall(call, args string, argsFor ...string) (loadCall, error) {
	entries, err := parseMix(call)
	if err != nil {
		return loadCall{}, &ConfigError{Field: "Call", Err: err}
	}
	given, err := parseArgsFor(argsFor, entries)
	if err != nil {
		return loadCall{}, &ConfigError{Field: "ArgsFor", Err: err}
	}
	if args != "" {
		if len(entries) > 1 {
			return loadCall{}, &ConfigError{Field: "Args", Err: errors.New("is for a single call; give each entry of a mix its own with --args-for KEY=JSON")}
		}
		if _, both := given[entries[0].key]; both {
			return loadCall{}, &ConfigError{Field: "Args", Err: fmt.Errorf("and --args-for both give %s's", entries[0].key)}
		}
		given[entries[0].key] = args
	}
	var lc loadCall
	for i, e := range entries {
		k, err := newKind(e, given[e.key], len(entries) > 1)
		if err != nil {
			field := "ArgsFor"
			if args != "" {
				field = "Args"
			}
			var ce *ConfigError
			if errors.As(err, &ce) {
				return loadCall{}, err
			}
			if len(entries) > 1 {
				err = fmt.Errorf("%s: %w", e.key, err)
			}
			return loadCall{}, &ConfigError{Field: field, Err: err}
		}
		if i == 0 {
			lc.method, lc.tool, lc.cold, lc.enc = k.method, k.tool, e.method == codec.MethodInitialize, k.enc
		}
		lc.mix = append(lc.mix, k)
	}
	return lc, nil
}

// newKind checks an entry and builds its template with its arguments.
func newKind(e mixEntry, args string, inMix bool) (callKind, error) {
	if err := checkMethod(e, args, inMix); err != nil {
		return callKind{}, &ConfigError{Field: "Call", Err: err}
	}
	if e.tool != "" && args == "" {
		args = "{}"
	}
	var params []byte
	if args != "" {
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(args)); err != nil {
			return callKind{}, fmt.Errorf("not JSON: %w", err)
		}
		if buf.Len() == 0 || buf.Bytes()[0] != '{' {
			return callKind{}, errors.New("must be a JSON object")
		}
		params = buf.Bytes()
	}
	k := callKind{mixEntry: e, args: string(params)}
	method, _ := json.Marshal(e.method)
	k.enc.prefix = []byte(`{"jsonrpc":"2.0","id":`)
	suffix := append([]byte(`,"method":`), method...)
	switch {
	case e.tool != "":
		name, _ := json.Marshal(e.tool)
		suffix = append(suffix, `,"params":{"name":`...)
		suffix = append(suffix, name...)
		suffix = append(suffix, `,"arguments":`...)
		suffix = append(suffix, params...)
		suffix = append(suffix, '}')
	case params != nil:
		suffix = append(suffix, `,"params":`...)
		suffix = append(suffix, params...)
	}
	k.enc.suffix = append(suffix, '}')
	return k, nil
}

// checkMethod refuses a method the load cannot repeat.
func checkMethod(e mixEntry, args string, inMix bool) error {
	switch m := e.method; {
	case m == codec.MethodCallTool && e.tool == "":
		return errors.New("tools/call needs a tool: tools/call:NAME")
	case m == codec.MethodInitialize && inMix:
		return errors.New("initialize (a cold start) cannot be part of a mix")
	case m == codec.MethodInitialize && args != "":
		return errors.New("initialize (a cold start) takes no arguments")
	case strings.HasPrefix(m, "notifications/"):
		return fmt.Errorf("%s: not a request the load can repeat", m)
	case strings.ContainsAny(m, "\"\\\n") || strings.TrimSpace(m) != m:
		return fmt.Errorf("%q: not a method name", m)
	}
	return nil
}

// check judges a load response of the single call: a tool result with
// isError set is an error.
func (lc *loadCall) check(resp *codec.Response) error { return toolResult(lc.tool, resp) }

// toolCheck judges the responses to calls of tool.
func toolCheck(tool string) func(*codec.Response) error {
	return func(resp *codec.Response) error { return toolResult(tool, resp) }
}

// toolResult is the verdict on a result of tool: an error when isError is
// set, with the text it gave.
func toolResult(tool string, resp *codec.Response) error {
	if resp.Result == codec.ResultCallTool && resp.CallTool.IsError {
		text := ""
		for _, c := range resp.CallTool.Content {
			if c.Type == "text" {
				text = c.Text
				break
			}
		}
		if len(text) > 120 {
			text = text[:120] + "…"
		}
		return fmt.Errorf("tool %s returned isError: %s", tool, text)
	}
	return nil
}
