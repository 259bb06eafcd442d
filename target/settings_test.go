package target

import (
	"context"
	"maps"
	"testing"
	"time"
)

func TestRedact(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"npx -y @modelcontextprotocol/server-everything", "npx -y @modelcontextprotocol/server-everything"},
		{"tcp://127.0.0.1:9000", "tcp://127.0.0.1:9000"},
		{"https://bob:s3cret@example.test/mcp", "https://bob@example.test/mcp"},
		{"https://example.test/mcp?token=s3cret&x=1", "https://example.test/mcp?…"},
		{"https://exa mple.test:port/%zz", "https://…"},
	} {
		if got := redact(tc.in); got != tc.want {
			t.Errorf("redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestWorkloadSettings: the snapshot learns the server, the call and its
// arguments (compacted, so white space does not make two runs differ) and
// the timeout; a second server appears only when there is one.
func TestWorkloadSettings(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want map[string]string
	}{
		{"ping, A/A", Config{}, map[string]string{"target": "in-process", "transport": "in-process", "call": "ping", "timeout": "1s"}},
		{"tool with arguments, A/B", Config{Call: "tools/call:echo", Args: `{ "text" : "hi" }`, Timeout: 250 * time.Millisecond},
			map[string]string{"target": "in-process", "transport": "in-process", "target_b": "in-process", "transport_b": "in-process",
				"call": "tools/call:echo", "args": `{"text":"hi"}`, "timeout": "250ms"}},
		{"tool without arguments", Config{Call: "tools/call:echo"},
			map[string]string{"target": "in-process", "transport": "in-process", "call": "tools/call:echo", "args": "{}", "timeout": "1s"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newSDKServer()
			defer srv.wg.Wait()
			cfg := tc.cfg
			cfg.DialA = srv.dial
			if _, ok := tc.want["target_b"]; ok {
				cfg.DialB = srv.dial
			}
			tg, err := New(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer tg.Close()
			if got := tg.Workload().Settings; !maps.Equal(got, tc.want) {
				t.Errorf("settings %v, want %v", got, tc.want)
			}
		})
	}
}
