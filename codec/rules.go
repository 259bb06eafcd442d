package codec

// The semantic rules both codecs apply after scan accepted a message, with
// the messages they report. Each codec reads the members its own way; the
// checks run in the order of the functions below, so both report the same
// error for the same input.

var (
	errNotObject      = &Error{Code: CodeInvalidRequest, Message: "invalid request: a message must be a JSON object"}
	errVersion        = &Error{Code: CodeInvalidRequest, Message: `invalid request: "jsonrpc" must be "2.0"`}
	errRequestID      = &Error{Code: CodeInvalidRequest, Message: `invalid request: "id" must be a string or an integer`}
	errMethod         = &Error{Code: CodeInvalidRequest, Message: `invalid request: "method" must be a string`}
	errParamsKind     = &Error{Code: CodeInvalidRequest, Message: `invalid request: "params" must be an object or an array`}
	errToolName       = &Error{Code: CodeInvalidParams, Message: "invalid params: tools/call needs a tool name"}
	errResponseID     = &Error{Code: CodeInvalidRequest, Message: `invalid response: "id" must be a string, an integer or null`}
	errResponseNoID   = &Error{Code: CodeInvalidRequest, Message: `invalid response: "id" is missing`}
	errResponseBoth   = &Error{Code: CodeInvalidRequest, Message: `invalid response: both "result" and "error" are present`}
	errResponseNone   = &Error{Code: CodeInvalidRequest, Message: `invalid response: neither "result" nor "error" is present`}
	errResponseNullID = &Error{Code: CodeInvalidRequest, Message: `invalid response: a result needs a non-null "id"`}
	errErrorObject    = &Error{Code: CodeInvalidRequest, Message: `invalid response: "error" must be an object with an integer "code" and a string "message"`}
)

// copyError returns a fresh copy of a shared error value, so callers may
// keep or modify what a decoder returns.
func copyError(e *Error) *Error {
	c := *e
	return &c
}

// errParams is the error for params that do not fit method.
func errParams(method string) *Error {
	return &Error{Code: CodeInvalidParams, Message: "invalid params for " + method}
}

// errResult is the error for a result that does not fit method.
func errResult(method string) *Error {
	return &Error{Code: CodeInvalidRequest, Message: "invalid response: malformed result for " + method}
}

// paramsRule says what a method accepts as params before their members are
// looked at: nil if kind is fine (decode an object's members next), or the
// error.
func paramsRule(method string, kind ParamsKind) *Error {
	switch method {
	case MethodCallTool, MethodInitialize:
		if kind != ParamsObject {
			return errParams(method)
		}
	case MethodListTools:
		if kind == ParamsArray {
			return errParams(method)
		}
	}
	return nil
}

// parseInt parses a JSON number as an id or an error code: it must be an
// integer literal (no fraction, no exponent) that fits in an int64. The
// literal has already passed scan.
func parseInt[S string | []byte](lit S) (int64, bool) {
	neg := len(lit) > 0 && lit[0] == '-'
	i := 0
	if neg {
		i = 1
	}
	if i == len(lit) {
		return 0, false
	}
	var u uint64
	for ; i < len(lit); i++ {
		c := lit[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if u > (1<<63)/10 {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
		if u > 1<<63 {
			return 0, false
		}
	}
	if neg {
		return -int64(u), true // -(1<<63) wraps to itself, which is right
	}
	if u == 1<<63 {
		return 0, false
	}
	return int64(u), true
}

// internMethod returns the package's constant for a known method name, so
// decoding one does not allocate.
func internMethod(b []byte) string {
	switch string(b) {
	case MethodCallTool:
		return MethodCallTool
	case MethodPing:
		return MethodPing
	case MethodListTools:
		return MethodListTools
	case MethodInitialize:
		return MethodInitialize
	case MethodInitialized:
		return MethodInitialized
	}
	return string(b)
}
