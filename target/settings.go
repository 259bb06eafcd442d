package target

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"

	"github.com/mcptop/mcptop/codec"
)

// settings are what the workload measures besides its parameters, for the
// snapshot (workload.Workload.Settings): "target" and, with a second
// server, "target_b" (each as given, with a URL's password and query left
// out: they may hold credentials), how each is reached, "transport" and
// "transport_b" (stdio, tcp, streamable-http, http+sse, in-process),
// "call", "args" (compact JSON; absent when none), "timeout", the names of
// the "headers" (never their values) and "tls" when certificates go
// unchecked. Two runs that differ in any of them measured different
// things, and compare will not pair them.
func (t *Target) settings() map[string]string {
	call := t.cfg.Call
	m := map[string]string{
		"target":    redact(t.sides[0].ep.desc),
		"transport": transportName[t.sides[0].ep.kind],
		"call":      call,
		"timeout":   t.cfg.Timeout.String(),
	}
	if !t.aa {
		m["target_b"] = redact(t.sides[1].ep.desc)
		m["transport_b"] = transportName[t.sides[1].ep.kind]
	}
	if len(t.header) > 0 {
		m["headers"] = headerNames(t.header)
	}
	if t.cfg.Insecure {
		m["tls"] = "insecure (certificate not verified)"
	}
	if args := compactJSON(t.cfg.Args); args != "" {
		m["args"] = args
	} else if strings.HasPrefix(call, codec.MethodCallTool+":") && len(t.call.mix) < 2 {
		m["args"] = "{}"
	}
	if len(t.call.mix) > 1 {
		m["args_for"] = argsFor(t.call.mix)
	}
	return m
}

// argsFor lists the arguments each entry of a mix sends, in the mix's
// order: "tools/call:echo={"text":"hi"}; resources/read={…}".
func argsFor(mix []callKind) string {
	var parts []string
	for _, k := range mix {
		if k.args != "" {
			parts = append(parts, k.key+"="+k.args)
		}
	}
	return strings.Join(parts, "; ")
}

// redact drops from a URL (SCHEME://…) its user information and its query,
// where credentials go; a command line is kept as it is.
func redact(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	u, err := url.Parse(s)
	if err != nil {
		return s[:strings.Index(s, "://")+3] + "…" // unparsable: keep only the scheme
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	if u.RawQuery != "" {
		u.RawQuery = "…"
	}
	return u.String()
}

// compactJSON is s without insignificant white space, or s when it is not
// JSON (Validate has refused that already).
func compactJSON(s string) string {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		return s
	}
	return b.String()
}
