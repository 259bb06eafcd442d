package main

import (
	"flag"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mcptop/mcptop/proc"
	"github.com/mcptop/mcptop/target"
)

func TestTargetFlags(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		args    []string
		want    *target.Config
		wantErr string
	}{
		{name: "none", args: nil},
		{name: "one server", args: []string{"--target", "npx -y srv"},
			want: &target.Config{A: "npx -y srv", Call: "ping", Timeout: time.Second, StartTimeout: target.DefaultStartTimeout, Grace: proc.DefaultGrace}},
		{name: "two servers and a tool", args: []string{"--target", "tcp://127.0.0.1:9", "--target-b", "node b.js", "--label-a", "old", "--label-b", "new",
			"--call", "tools/call:echo", "--args", `{"message":"hi"}`, "--target-timeout", "3s"},
			want: &target.Config{A: "tcp://127.0.0.1:9", B: "node b.js", LabelA: "old", LabelB: "new", Call: "tools/call:echo", Args: `{"message":"hi"}`,
				Timeout: 3 * time.Second, StartTimeout: target.DefaultStartTimeout, Grace: proc.DefaultGrace}},
		{name: "an HTTP server with headers", args: []string{"--target", "https://127.0.0.1:8443/mcp", "--header", "Authorization: Bearer SECRET",
			"--header", "X-Team: perf", "--insecure", "--server-pid", "42", "--start-timeout", "2s"},
			want: &target.Config{A: "https://127.0.0.1:8443/mcp", Call: "ping", Headers: []string{"Authorization: Bearer SECRET", "X-Team: perf"},
				Insecure: true, ServerPID: [2]int{42}, Timeout: time.Second, StartTimeout: 2 * time.Second, Grace: proc.DefaultGrace}},
		{name: "an unknown scheme", args: []string{"--target", "ws://127.0.0.1:9/mcp"}, wantErr: `--target: unknown scheme "ws://"`},
		{name: "a header for a command", args: []string{"--target", "node s.js", "--header", "Authorization: Bearer SECRET"}, wantErr: "--header: headers go with an http"},
		{name: "a malformed header", args: []string{"--target", "http://h/mcp", "--header", "Bearer SECRET"}, wantErr: "--header: header 1 is not 'Name: value'"},
		{name: "a pid for a command", args: []string{"--target", "node s.js", "--server-pid", "7"}, wantErr: "--server-pid: a command's own process"},
		{name: "server-pid-b without b", args: []string{"--target", "http://h/mcp", "--server-pid-b", "7"}, wantErr: "--server-pid-b needs --target-b"},
		{name: "header without a target", args: []string{"--header", "A: b"}, wantErr: "--header needs --target"},
		{name: "zero start timeout", args: []string{"--target", "x", "--start-timeout", "0s"}, wantErr: "must be positive"},
		{name: "b without a", args: []string{"--target-b", "x"}, wantErr: "--target-b needs --target"},
		{name: "label-b without b", args: []string{"--target", "x", "--label-b", "y"}, wantErr: "--label-b needs --target-b"},
		{name: "bad tcp", args: []string{"--target", "tcp://nowhere"}, wantErr: `--target: "tcp://nowhere": address nowhere: missing port`},
		{name: "bad quotes in b", args: []string{"--target", "x", "--target-b", "node 'x"}, wantErr: `--target-b: "node 'x": unterminated`},
		{name: "no tool", args: []string{"--target", "x", "--call", "tools/call:"}, wantErr: "--call: tools/call:NAME needs a tool name"},
		{name: "bad args", args: []string{"--target", "x", "--call", "tools/call:t", "--args", "nope"}, wantErr: "--args: not JSON"},
		{name: "zero timeout", args: []string{"--target", "x", "--target-timeout", "0s"}, wantErr: "must be positive"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			get := targetFlags(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			cfg, err := get()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "SECRET") {
					t.Fatalf("error %q shows a header's value", err)
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
