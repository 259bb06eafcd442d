package codec

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestScanAccepts(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"empty object":       `{}`,
		"empty array":        `[]`,
		"scalars":            `[0,-0,1,-1,1.5,-1.5e10,1E+2,1e-2,0.0,true,false,null,"",123456789012345678901234567890]`,
		"whitespace":         " \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : { } } \n",
		"escapes":            `["\"\\\/\b\f\n\r\t\u0000\u00e9\uD83D\uDE00"]`,
		"utf8":               `["héllo → 世界 😀"]`,
		"nested keys reused": `{"a":{"a":{"a":1}},"b":{"a":2}}`,
		"same name siblings": `[{"x":1},{"x":2}]`,
		"16 distinct keys":   `{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11,"l":12,"m":13,"n":14,"o":15,"p":16}`,
		"many distinct keys": manyKeys(300, ""),
		"shared list full":   strings.Repeat(`{"a":1,"b":`, 70) + `{"c":1,"d":2}` + strings.Repeat("}", 70),
		"max depth":          strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth),
		"max depth objects":  strings.Repeat(`{"a":`, MaxDepth-1) + "{}" + strings.Repeat("}", MaxDepth-1),
		"long string":        `"` + strings.Repeat("abcdefgh", 1000) + `"`,
		"top-level scalar":   `42`,
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var env envelope
			if err := scan([]byte(in), &env); err != nil {
				t.Fatalf("scan refused valid input: %v", err)
			}
			if !json.Valid([]byte(in)) {
				t.Fatal("test case is not valid JSON")
			}
		})
	}
}

// manyKeys returns an object with n members k0..k(n-1), plus extra.
func manyKeys(n int, extra string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"k`)
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString(itoa(i))
		b.WriteString(`":`)
		b.WriteString(itoa(i))
	}
	b.WriteString(extra)
	b.WriteByte('}')
	return b.String()
}

func itoa(i int) string { return IntID(int64(i)).String() }

func TestScanRefuses(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		in   string
		code int
	}{
		"empty":                     {``, CodeParseError},
		"only space":                {"  \n", CodeParseError},
		"truncated object":          {`{"a":1`, CodeParseError},
		"truncated string":          {`{"a":"b`, CodeParseError},
		"truncated escape":          {`["\`, CodeParseError},
		"missing colon":             {`{"a" 1}`, CodeParseError},
		"missing value":             {`{"a":}`, CodeParseError},
		"trailing comma object":     {`{"a":1,}`, CodeParseError},
		"trailing comma array":      {`[1,]`, CodeParseError},
		"leading comma":             {`[,1]`, CodeParseError},
		"unquoted name":             {`{a:1}`, CodeParseError},
		"single quotes":             {`{'a':1}`, CodeParseError},
		"trailing data":             {`{} {}`, CodeParseError},
		"bom":                       {"\xef\xbb\xbf{}", CodeParseError},
		"leading zero":              {`[01]`, CodeParseError},
		"bare minus":                {`[-]`, CodeParseError},
		"dot without digits":        {`[1.]`, CodeParseError},
		"leading dot":               {`[.5]`, CodeParseError},
		"exponent without digits":   {`[1e]`, CodeParseError},
		"exponent sign only":        {`[1e+]`, CodeParseError},
		"plus sign":                 {`[+1]`, CodeParseError},
		"hex number":                {`[0x1]`, CodeParseError},
		"NaN":                       {`[NaN]`, CodeParseError},
		"bad literal":               {`[tru]`, CodeParseError},
		"literal suffix":            {`[nullx]`, CodeParseError},
		"capital literal":           {`[True]`, CodeParseError},
		"raw control char":          {"[\"a\x01b\"]", CodeParseError},
		"raw newline in string":     {"[\"a\nb\"]", CodeParseError},
		"bad escape":                {`["\x"]`, CodeParseError},
		"short unicode escape":      {`["\u12"]`, CodeParseError},
		"non-hex unicode escape":    {`["\u12g4"]`, CodeParseError},
		"lone high surrogate":       {`["\ud800"]`, CodeParseError},
		"high surrogate then char":  {`["\ud800\u0041"]`, CodeParseError},
		"lone low surrogate":        {`["\udc00"]`, CodeParseError},
		"invalid utf8 byte":         {"[\"\xff\"]", CodeParseError},
		"lone continuation":         {"[\"\x80\"]", CodeParseError},
		"overlong encoding":         {"[\"\xc0\xaf\"]", CodeParseError},
		"utf8 surrogate":            {"[\"\xed\xa0\x80\"]", CodeParseError},
		"truncated utf8":            {"[\"\xe2\x82\"]", CodeParseError},
		"above U+10FFFF":            {"[\"\xf4\x90\x80\x80\"]", CodeParseError},
		"invalid utf8 outside":      {"[1,\xff]", CodeParseError},
		"duplicate name":            {`{"a":1,"a":2}`, CodeParseError},
		"duplicate via escape":      {`{"a":1,"\u0061":2}`, CodeParseError},
		"duplicate nested":          {`{"x":{"b":1,"c":2,"b":3}}`, CodeParseError},
		"duplicate in big object":   {manyKeys(40, `,"k0":1`), CodeParseError},
		"duplicate past shared":     {manyKeys(300, `,"kxxxxx299":1`), CodeParseError},
		"shared list full":          {strings.Repeat(`{"a":1,"b":`, 70) + `{"c":1,"c":2}` + strings.Repeat("}", 70), CodeParseError},
		"duplicate envelope member": {`{"jsonrpc":"2.0","id":1,"id":2,"method":"ping"}`, CodeParseError},
		"too deep":                  {strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), CodeParseError},
		"10000 levels":              {strings.Repeat("[", 10000) + strings.Repeat("]", 10000), CodeParseError},
		"10000 levels unclosed":     {strings.Repeat(`{"a":`, 10000), CodeParseError},
		"too large":                 {`"` + strings.Repeat("a", MaxMessageSize) + `"`, CodeInvalidRequest},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var env envelope
			err := scan([]byte(c.in), &env)
			if err == nil {
				t.Fatal("scan accepted invalid input")
			}
			if err.Code != c.code {
				t.Fatalf("code %d, want %d (%s)", err.Code, c.code, err.Message)
			}
		})
	}
}

func TestScanEnvelope(t *testing.T) {
	t.Parallel()
	in := []byte(` { "params" : {"id":9,"method":"x"} , "jsonr\u0070c":"2.0", "x":[1,{"id":3}],` +
		`"method":"tools/call","id" : 12 ,"result":null,"error":[]} `)
	var env envelope
	if err := scan(in, &env); err != nil {
		t.Fatal(err)
	}
	if !env.object {
		t.Fatal("object not detected")
	}
	want := map[member]string{
		memJSONRPC: `"2.0"`,
		memID:      `12`,
		memMethod:  `"tools/call"`,
		memParams:  `{"id":9,"method":"x"}`,
		memResult:  `null`,
		memError:   `[]`,
	}
	for m, w := range want {
		if !env.has(m) {
			t.Errorf("%s not found", memberNames[m])
			continue
		}
		if got := string(env.raw(in, m)); got != w {
			t.Errorf("%s = %q, want %q", memberNames[m], got, w)
		}
	}
	if !env.isNull(in, memResult) || env.isNull(in, memError) {
		t.Error("isNull wrong")
	}

	var arr envelope
	if err := scan([]byte(`[{"id":1}]`), &arr); err != nil {
		t.Fatal(err)
	}
	if arr.object || arr.has(memID) {
		t.Error("members recorded for a top-level array")
	}
}

func TestScanAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	in := []byte(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"h\u00e9llo\n","n":[1,2,{"a":true}]}}}`)
	allocs := testing.AllocsPerRun(100, func() {
		var env envelope
		if err := scan(in, &env); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("scan allocated %v times", allocs)
	}
}

func TestAppendUnescaped(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"plain":     `abc`,
		"short":     `a\"b\\c\/d\be\ff\ng\rh\ti`,
		"unicode":   `\u00e9\u4e16\u0000`,
		"surrogate": `x\uD83D\uDE00y`,
	}
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var want string
			if err := json.Unmarshal([]byte(`"`+raw+`"`), &want); err != nil {
				t.Fatal(err)
			}
			if got := string(appendUnescaped(nil, []byte(raw))); got != want {
				t.Fatalf("got %q, want %q", got, want)
			}
		})
	}
}
