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

// loadCall is the parsed Call and Args.
type loadCall struct {
	method string
	tool   string // for tools/call
	cold   bool   // initialize: an op is a whole session (coldstart.go)
	enc    template
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

// parseCall reads Config.Call and Config.Args. Its errors are *ConfigError.
func parseCall(call, args string) (loadCall, error) {
	lc, args, err := parseMethod(call, args)
	if err != nil {
		return loadCall{}, &ConfigError{Field: "Call", Err: err}
	}
	var params []byte
	if args != "" {
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(args)); err != nil {
			return loadCall{}, &ConfigError{Field: "Args", Err: fmt.Errorf("not JSON: %w", err)}
		}
		if buf.Len() == 0 || buf.Bytes()[0] != '{' {
			return loadCall{}, &ConfigError{Field: "Args", Err: errors.New("must be a JSON object")}
		}
		params = buf.Bytes()
	}
	method, _ := json.Marshal(lc.method)
	lc.enc.prefix = []byte(`{"jsonrpc":"2.0","id":`)
	suffix := append([]byte(`,"method":`), method...)
	switch {
	case lc.tool != "":
		name, _ := json.Marshal(lc.tool)
		suffix = append(suffix, `,"params":{"name":`...)
		suffix = append(suffix, name...)
		suffix = append(suffix, `,"arguments":`...)
		suffix = append(suffix, params...)
		suffix = append(suffix, '}')
	case params != nil:
		suffix = append(suffix, `,"params":`...)
		suffix = append(suffix, params...)
	}
	lc.enc.suffix = append(suffix, '}')
	return lc, nil
}

// parseMethod reads the method (and tool) of call, and returns args with
// its default for a tool call.
func parseMethod(call, args string) (loadCall, string, error) {
	if call == "" {
		call = codec.MethodPing
	}
	lc := loadCall{method: call}
	if tool, ok := strings.CutPrefix(call, codec.MethodCallTool+":"); ok {
		if tool == "" {
			return loadCall{}, "", errors.New("tools/call:NAME needs a tool name")
		}
		lc.method, lc.tool = codec.MethodCallTool, tool
		if args == "" {
			args = "{}"
		}
	}
	switch {
	case lc.method == codec.MethodCallTool && lc.tool == "":
		return loadCall{}, "", errors.New("tools/call needs a tool: tools/call:NAME")
	case lc.method == codec.MethodInitialize:
		if args != "" {
			return loadCall{}, "", errors.New("initialize (a cold start) takes no arguments")
		}
		lc.cold = true
	case strings.HasPrefix(lc.method, "notifications/"):
		return loadCall{}, "", fmt.Errorf("%s: not a request the load can repeat", lc.method)
	case strings.ContainsAny(lc.method, "\"\\\n") || strings.TrimSpace(lc.method) != lc.method:
		return loadCall{}, "", fmt.Errorf("%q: not a method name", lc.method)
	}
	return lc, args, nil
}

// check judges a load response: a tool result with isError set is an error.
func (lc *loadCall) check(resp *codec.Response) error {
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
		return fmt.Errorf("tool %s returned isError: %s", lc.tool, text)
	}
	return nil
}
