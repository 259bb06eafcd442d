package target

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/mcptop/mcptop/codec"
)

func TestParseCall(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, call, args string
		wantMethod       string
		wantTool         string
		wantText         string // the decoded echo text, for tools/call
	}{
		{name: "default ping", wantMethod: codec.MethodPing},
		{name: "tool without args", call: "tools/call:echo", wantMethod: codec.MethodCallTool, wantTool: "echo"},
		{name: "tool with args", call: "tools/call:echo", args: "{\n \"text\": \"a \\\"quoted\\\" word\" }", wantMethod: codec.MethodCallTool, wantTool: "echo", wantText: `a "quoted" word`},
		{name: "odd tool name", call: `tools/call:we"ird`, wantMethod: codec.MethodCallTool, wantTool: `we"ird`},
		{name: "other method with params", call: "tools/list", args: `{"cursor":"x"}`, wantMethod: codec.MethodListTools},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			lc, err := parseCall(tc.call, tc.args)
			if err != nil {
				t.Fatal(err)
			}
			msg, _ := lc.enc.AppendRequest(nil, 12345)
			// Both codecs must read the template as the request meant.
			for _, c := range []codec.Codec{codec.Std{}, codec.Easy{}} {
				var req codec.Request
				if err := c.DecodeRequest(msg, &req); err != nil {
					t.Fatalf("%s cannot read %s: %v", c.Name(), msg, err)
				}
				if req.ID != codec.IntID(12345) || req.Method != tc.wantMethod || req.CallTool.Name != tc.wantTool || req.CallTool.Arguments.Text != tc.wantText {
					t.Fatalf("%s read %s as %+v", c.Name(), msg, req)
				}
			}
		})
	}
}

func TestConfigErrorsNameTheField(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		cfg       Config
		wantField string
		wantErr   string
	}{
		{name: "no server", cfg: Config{}, wantField: "A", wantErr: "no server given"},
		{name: "blank command", cfg: Config{A: "   "}, wantField: "A", wantErr: "empty command"},
		{name: "bad tcp", cfg: Config{A: "tcp://nowhere"}, wantField: "A", wantErr: "missing port"},
		{name: "bad quotes in B", cfg: Config{A: "x", B: "node 'y"}, wantField: "B", wantErr: "unterminated single quote"},
		{name: "negative timeout", cfg: Config{A: "x", Timeout: -time.Second}, wantField: "Timeout", wantErr: "must not be negative"},
		{name: "negative grace", cfg: Config{A: "x", Grace: -time.Second}, wantField: "Grace", wantErr: "must not be negative"},
		{name: "no tool name", cfg: Config{A: "x", Call: "tools/call:"}, wantField: "Call", wantErr: "needs a tool name"},
		{name: "bare tools/call", cfg: Config{A: "x", Call: "tools/call"}, wantField: "Call", wantErr: "needs a tool"},
		{name: "initialize with arguments", cfg: Config{A: "x", Call: "initialize", Args: "{}"}, wantField: "Call", wantErr: "takes no arguments"},
		{name: "a notification", cfg: Config{A: "x", Call: "notifications/initialized"}, wantField: "Call", wantErr: "not a request the load can repeat"},
		{name: "not a method", cfg: Config{A: "x", Call: " ping"}, wantField: "Call", wantErr: "not a method name"},
		{name: "args not JSON", cfg: Config{A: "x", Call: "tools/call:echo", Args: "{text:1}"}, wantField: "Args", wantErr: "not JSON"},
		{name: "args not an object", cfg: Config{A: "x", Call: "tools/call:echo", Args: "[1]"}, wantField: "Args", wantErr: "must be a JSON object"},
		{name: "unknown scheme", cfg: Config{A: "ws://127.0.0.1:9/mcp"}, wantField: "A", wantErr: `unknown scheme "ws://"`},
		{name: "unknown scheme names the forms", cfg: Config{A: "x", B: "grpc://h:1"}, wantField: "B", wantErr: "sse+http(s)://HOST:PORT/PATH"},
		{name: "a URL with words after it", cfg: Config{A: "http://127.0.0.1:9/mcp now"}, wantField: "A", wantErr: "a URL is one word"},
		{name: "header without a colon", cfg: Config{A: "http://h/mcp", Headers: []string{"Authorization Bearer SECRET"}}, wantField: "Headers", wantErr: "header 1 is not 'Name: value'"},
		{name: "header for a command", cfg: Config{A: "x", Headers: []string{"Authorization: Bearer SECRET"}}, wantField: "Headers", wantErr: "headers go with an http"},
		{name: "pid of a command", cfg: Config{A: "x", ServerPID: [2]int{42}}, wantField: "ServerPID", wantErr: "measured already"},
		{name: "pid of no B", cfg: Config{A: "http://h/mcp", ServerPID: [2]int{0, 42}}, wantField: "ServerPIDB", wantErr: "without a server B"},
		{name: "negative start timeout", cfg: Config{A: "x", StartTimeout: -time.Second}, wantField: "StartTimeout", wantErr: "must not be negative"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, err := range []error{tc.cfg.Validate(), newErr(tc.cfg)} {
				var ce *ConfigError
				if !errors.As(err, &ce) || ce.Field != tc.wantField || !strings.Contains(ce.Err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want a ConfigError on %s containing %q", err, tc.wantField, tc.wantErr)
				}
				if strings.Contains(err.Error(), "--") || strings.Contains(err.Error(), "SECRET") {
					t.Fatalf("error %q names a command-line flag or shows a header's value", err)
				}
			}
		})
	}
}

// newErr is New's error for cfg (which must be invalid: New starts nothing).
func newErr(cfg Config) error {
	tg, err := New(context.Background(), cfg)
	if err == nil {
		tg.Close()
	}
	return err
}

func TestSettingsKeepNoSecrets(t *testing.T) {
	t.Parallel()
	tg, err := Prepare(context.Background(), Config{
		A: "https://user:PASSWORD@127.0.0.1:9/mcp?token=QUERYSECRET", B: "sse+http://127.0.0.1:9/sse",
		Headers: []string{"Authorization: Bearer SECRET", "x-api-key:SECRET2"}, Insecure: true, Call: "tools/call:echo",
	})
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	w := tg.Workload()
	want := map[string]string{
		"target": "https://user@127.0.0.1:9/mcp?…", "transport": "streamable-http",
		"target_b": "sse+http://127.0.0.1:9/sse", "transport_b": "http+sse", "timeout": "1s",
		"call": "tools/call:echo", "args": "{}", "headers": "Authorization, X-Api-Key", "tls": "insecure (certificate not verified)",
	}
	if !maps.Equal(w.Settings, want) {
		t.Errorf("settings %v, want %v", w.Settings, want)
	}
	all := fmt.Sprint(w.Settings, w.Description, w.Impls[0].Label, w.Impls[1].Label, w.Starting)
	for _, secret := range []string{"SECRET", "PASSWORD"} {
		if strings.Contains(all, secret) {
			t.Errorf("%s in %s", secret, all)
		}
	}
}
