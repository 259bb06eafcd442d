package mcpwire

import (
	"flag"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mcptop/mcptop/codec"
)

func TestSplitCommand(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in string
		want     []string
		wantErr  bool
	}{
		{name: "words", in: "npx -y @modelcontextprotocol/server-everything", want: []string{"npx", "-y", "@modelcontextprotocol/server-everything"}},
		{name: "extra spaces", in: "  node\t index.js   stdio ", want: []string{"node", "index.js", "stdio"}},
		{name: "single quotes", in: `sh -c 'echo "$HOME" \n'`, want: []string{"sh", "-c", `echo "$HOME" \n`}},
		{name: "double quotes", in: `a "b c" "d\"e" "f\g"`, want: []string{"a", "b c", `d"e`, `f\g`}},
		{name: "backslash", in: `a\ b c\\d`, want: []string{"a b", `c\d`}},
		{name: "empty quotes are a word", in: `a '' ""`, want: []string{"a", "", ""}},
		{name: "adjacent pieces", in: `pre'mid'"post"`, want: []string{"premidpost"}},
		{name: "empty", in: "   ", want: nil},
		{name: "unterminated single", in: "a 'b", wantErr: true},
		{name: "unterminated double", in: `a "b`, wantErr: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := SplitCommand(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v", err)
			}
			if !tc.wantErr && !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseCall(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, call, args string
		wantMethod       string
		wantTool         string
		wantText         string // the decoded echo text, for tools/call
		wantErr          string
	}{
		{name: "default ping", wantMethod: codec.MethodPing},
		{name: "tool without args", call: "tools/call:echo", wantMethod: codec.MethodCallTool, wantTool: "echo"},
		{name: "tool with args", call: "tools/call:echo", args: "{\n \"text\": \"a \\\"quoted\\\" word\" }", wantMethod: codec.MethodCallTool, wantTool: "echo", wantText: `a "quoted" word`},
		{name: "odd tool name", call: `tools/call:we"ird`, wantMethod: codec.MethodCallTool, wantTool: `we"ird`},
		{name: "other method with params", call: "tools/list", args: `{"cursor":"x"}`, wantMethod: codec.MethodListTools},
		{name: "no tool name", call: "tools/call:", wantErr: "needs a tool name"},
		{name: "bare tools/call", call: "tools/call", wantErr: "needs a tool"},
		{name: "initialize", call: "initialize", wantErr: "not a request the load can repeat"},
		{name: "args not JSON", call: "tools/call:echo", args: "{text:1}", wantErr: "not JSON"},
		{name: "args not an object", call: "tools/call:echo", args: "[1]", wantErr: "must be a JSON object"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			lc, err := parseCall(tc.call, tc.args)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			msg, _ := lc.enc.appendRequest(nil, 12345)
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

func TestTargetFlags(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		args    []string
		want    *TargetConfig
		wantErr string
	}{
		{name: "none", args: nil},
		{name: "one server", args: []string{"--target", "npx -y srv"},
			want: &TargetConfig{A: "npx -y srv", Call: "ping", Timeout: time.Second, Grace: DefaultGrace}},
		{name: "two servers and a tool", args: []string{"--target", "tcp://127.0.0.1:9", "--target-b", "node b.js", "--label-a", "old", "--label-b", "new",
			"--call", "tools/call:echo", "--args", `{"message":"hi"}`, "--target-timeout", "3s"},
			want: &TargetConfig{A: "tcp://127.0.0.1:9", B: "node b.js", LabelA: "old", LabelB: "new", Call: "tools/call:echo", Args: `{"message":"hi"}`,
				Timeout: 3 * time.Second, Grace: DefaultGrace}},
		{name: "b without a", args: []string{"--target-b", "x"}, wantErr: "--target-b needs --target"},
		{name: "label-b without b", args: []string{"--target", "x", "--label-b", "y"}, wantErr: "--label-b needs --target-b"},
		{name: "bad tcp", args: []string{"--target", "tcp://nowhere"}, wantErr: "missing port"},
		{name: "bad quotes", args: []string{"--target", "node 'x"}, wantErr: "unterminated"},
		{name: "bad args", args: []string{"--target", "x", "--call", "tools/call:t", "--args", "nope"}, wantErr: "not JSON"},
		{name: "zero timeout", args: []string{"--target", "x", "--target-timeout", "0s"}, wantErr: "must be positive"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			get := TargetFlags(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			cfg, err := get()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(cfg, tc.want) {
				t.Fatalf("got %+v, want %+v", cfg, tc.want)
			}
		})
	}
}
