package transport

import (
	"bytes"
	"strconv"
)

// The HTTP transports must know a little of what they carry: a
// notification is sent before what follows it (an HTTP request of its
// own), and a request that an HTTP error answers gets a JSON-RPC error in
// its place, so that its caller hears why. That little is the top-level
// "id" and "method" of a message, found here without decoding it.

// rpcKind is what a JSON-RPC message is.
type rpcKind uint8

const (
	rpcOther        rpcKind = iota // not an object, or neither id nor method
	rpcRequest                     // id and method
	rpcNotification                // method, no id
	rpcResponse                    // id, no method
)

// idPrefix starts every request and response mcptop's encoders write.
var idPrefix = []byte(`{"jsonrpc":"2.0","id":`)

// hasID reports whether msg certainly has an id, from its first bytes
// alone: what mcptop's encoders write. A false answer means "look".
func hasID(msg []byte) bool { return bytes.HasPrefix(msg, idPrefix) }

// classify returns what msg is and the raw JSON of its id (nil without one).
func classify(msg []byte) (rpcKind, []byte) {
	var id []byte
	method := false
	ok := eachMember(msg, func(name, value []byte) {
		switch string(name) {
		case `"id"`:
			id = value
		case `"method"`:
			method = true
		}
	})
	switch {
	case !ok:
		return rpcOther, nil
	case method && id != nil:
		return rpcRequest, id
	case method:
		return rpcNotification, nil
	case id != nil:
		return rpcResponse, id
	}
	return rpcOther, nil
}

// errorResponse is a JSON-RPC error response to the request with id
// (raw JSON), code -32603 (internal error: the transport's), message msg.
func errorResponse(id []byte, msg string) []byte {
	b := make([]byte, 0, 64+len(msg))
	b = append(b, `{"jsonrpc":"2.0","id":`...)
	b = append(b, id...)
	b = append(b, `,"error":{"code":-32603,"message":`...)
	b = strconv.AppendQuote(b, msg)
	return append(b, "}}"...)
}

// eachMember calls f with the name (quoted, as written) and raw value of
// every member of the JSON object msg, without looking inside the values.
// It reports false when msg is not a well-formed object at the top level.
func eachMember(msg []byte, f func(name, value []byte)) bool {
	i := skipSpace(msg, 0)
	if i >= len(msg) || msg[i] != '{' {
		return false
	}
	i = skipSpace(msg, i+1)
	if i < len(msg) && msg[i] == '}' {
		return skipSpace(msg, i+1) == len(msg)
	}
	for i < len(msg) {
		if msg[i] != '"' {
			return false
		}
		end := skipString(msg, i)
		if end < 0 {
			return false
		}
		name := msg[i:end]
		i = skipSpace(msg, end)
		if i >= len(msg) || msg[i] != ':' {
			return false
		}
		i = skipSpace(msg, i+1)
		vend := skipValue(msg, i)
		if vend < 0 {
			return false
		}
		f(name, msg[i:vend])
		i = skipSpace(msg, vend)
		if i >= len(msg) {
			return false
		}
		switch msg[i] {
		case ',':
			i = skipSpace(msg, i+1)
		case '}':
			return skipSpace(msg, i+1) == len(msg)
		default:
			return false
		}
	}
	return false
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at b[i] ('"'), or
// -1 if it does not end.
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// skipValue returns the index after the value starting at b[i], or -1. It
// checks strings and the nesting of brackets, not what lies between them:
// the decoder behind the transport judges the rest.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				end := skipString(b, i)
				if end < 0 {
					return -1
				}
				i = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return -1
	}
	start := i
	for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r' {
		i++
	}
	if i == start {
		return -1
	}
	return i
}
