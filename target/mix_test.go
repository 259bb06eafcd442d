package target

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mcptop/mcptop/workload"
)

func TestParseMix(t *testing.T) {
	t.Parallel()
	type kind struct {
		key, method, tool string
		weight            int
	}
	for _, tc := range []struct {
		name, call string
		want       []kind
	}{
		{"default", "", []kind{{"ping", "ping", "", 1}}},
		{"single tool", "tools/call:echo", []kind{{"tools/call:echo", "tools/call", "echo", 1}}},
		{"single tool with colons", "tools/call:a:b", []kind{{"tools/call:a:b", "tools/call", "a:b", 1}}},
		{"single weighted", "tools/list:3", []kind{{"tools/list", "tools/list", "", 3}}},
		{"the issue's mix", "tools/list:1,tools/call:echo:3,resources/read:1", []kind{
			{"tools/list", "tools/list", "", 1}, {"tools/call:echo", "tools/call", "echo", 3}, {"resources/read", "resources/read", "", 1}}},
		{"weights default to 1", "ping,tools/call:echo", []kind{{"ping", "ping", "", 1}, {"tools/call:echo", "tools/call", "echo", 1}}},
		{"two tools", "tools/call:a:2,tools/call:b", []kind{{"tools/call:a", "tools/call", "a", 2}, {"tools/call:b", "tools/call", "b", 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			es, err := parseMix(tc.call)
			if err != nil {
				t.Fatal(err)
			}
			var got []kind
			for _, e := range es {
				got = append(got, kind{e.key, e.method, e.tool, e.weight})
			}
			if len(got) != len(tc.want) {
				t.Fatalf("%q: %+v, want %+v", tc.call, got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("%q: %+v, want %+v", tc.call, got, tc.want)
				}
			}
		})
	}
}

func TestCallErrorsNameTheField(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, call, args string
		argsFor          []string
		field, want      string
	}{
		{name: "unknown method in a mix", call: "tools/list:1,frobnicate:2", field: "Call", want: `"frobnicate": unknown method in a mix`},
		{name: "malformed weight", call: "tools/list:x,ping", field: "Call", want: `weight "x"`},
		{name: "zero weight", call: "tools/list:0,ping", field: "Call", want: "weight 0"},
		{name: "zero tool weight", call: "tools/call:echo:0,ping", field: "Call", want: "weight 0"},
		{name: "huge weight", call: "ping:99999999999,tools/list", field: "Call", want: "from 1 to 1000000"},
		{name: "tool weight not a number in a mix", call: "tools/call:echo:x,ping", field: "Call", want: "tools/call:NAME:WEIGHT"},
		{name: "single weight not a number", call: "ping:x", field: "Call", want: `weight "x"`},
		{name: "twice", call: "ping:1,ping:2", field: "Call", want: "twice in the mix"},
		{name: "empty entry", call: "ping,,tools/list", field: "Call", want: "empty entry"},
		{name: "initialize in a mix", call: "initialize,ping", field: "Call", want: "unknown method in a mix"},
		{name: "args for a mix", call: "ping,tools/call:echo", args: "{}", field: "Args", want: "--args-for"},
		{name: "args-for another entry", call: "ping,tools/call:echo", argsFor: []string{"tools/call:nope={}"}, field: "ArgsFor", want: "not an entry of the call (it has ping, tools/call:echo)"},
		{name: "args-for without JSON", call: "ping,tools/call:echo", argsFor: []string{"tools/call:echo"}, field: "ArgsFor", want: "want KEY=JSON"},
		{name: "args-for not JSON", call: "ping,tools/call:echo", argsFor: []string{"tools/call:echo={text:1}"}, field: "ArgsFor", want: "tools/call:echo: not JSON"},
		{name: "args-for twice", call: "ping,tools/call:echo", argsFor: []string{"ping={}", "ping={}"}, field: "ArgsFor", want: "given twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := (&Config{A: "x", Call: tc.call, Args: tc.args, ArgsFor: tc.argsFor}).Validate()
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Field != tc.field || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want a %s error saying %q", err, tc.field, tc.want)
			}
		})
	}
}

// TestMixAgainstGoSDK: a mix against a real server, closed and open
// loop: each entry is sent in its weight's share with its own arguments,
// the instance names the entries, each response is judged as its own
// method's (only the failing tool's calls fail), and the kinds' counts
// add up to the total.
func TestMixAgainstGoSDK(t *testing.T) {
	srv := newSDKServer()
	defer srv.wg.Wait()
	tg, err := New(context.Background(), Config{DialA: srv.dial, Timeout: 5 * time.Second,
		Call:    "ping:1,tools/list:2,tools/call:echo:3,tools/call:fail:1",
		ArgsFor: []string{`tools/call:echo={"text":"hi"}`, `tools/call:fail={"text":"x"}`}})
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	w := tg.Workload()
	if got := w.Settings["args_for"]; got != `tools/call:echo={"text":"hi"}; tools/call:fail={"text":"x"}` {
		t.Errorf("settings args_for %q", got)
	}
	for _, rate := range []int{0, 5000} {
		p := w.Defaults()
		p[workload.RateParam] = rate
		in, err := w.Impls[0].New(p)
		if err != nil {
			t.Fatal(err)
		}
		if k := in.(workload.Kinded).Kinds(); strings.Join(k, " ") != "ping tools/list tools/call:echo tools/call:fail" {
			t.Fatalf("kinds %q", k)
		}
		var rec workload.Tally
		err = rec.RunFor(in.Worker(0).(workload.Pipeline), 1400)
		in.Close()
		if err != nil {
			t.Fatal(err)
		}
		k := rec.KindOps
		if k[0]+k[1]+k[2]+k[3] != rec.Ops || rec.Errs != k[3] || !strings.Contains(rec.Last.Error(), "it failed, as asked") {
			t.Fatalf("rate %d: by kind %v of %d ops, %d errors (%v): want the fail tool's calls, and only they, failed",
				rate, k[:4], rec.Ops, rec.Errs, rec.Last)
		}
		if r := float64(k[2]) / float64(k[0]); r < 2.5 || r > 3.5 || k[1] < k[0] {
			t.Fatalf("rate %d: by kind %v, want 1:2:3:1", rate, k[:4])
		}
		if (rate > 0) != (rec.Open == rec.Ops) {
			t.Fatalf("rate %d: %d of %d ops open-loop", rate, rec.Open, rec.Ops)
		}
	}
}
