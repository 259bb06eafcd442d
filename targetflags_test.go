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
			want: &target.Config{A: "npx -y srv", Call: "ping", Timeout: time.Second, Grace: proc.DefaultGrace}},
		{name: "two servers and a tool", args: []string{"--target", "tcp://127.0.0.1:9", "--target-b", "node b.js", "--label-a", "old", "--label-b", "new",
			"--call", "tools/call:echo", "--args", `{"message":"hi"}`, "--target-timeout", "3s"},
			want: &target.Config{A: "tcp://127.0.0.1:9", B: "node b.js", LabelA: "old", LabelB: "new", Call: "tools/call:echo", Args: `{"message":"hi"}`,
				Timeout: 3 * time.Second, Grace: proc.DefaultGrace}},
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
