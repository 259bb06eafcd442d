package codec

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// escapeCases are strings that exercise every branch of the escaper.
var escapeCases = map[string]string{
	"empty":         "",
	"ascii":         "hello world",
	"long ascii":    strings.Repeat("abcdefghijklmnop", 100),
	"quote":         `say "hi"`,
	"backslash":     `C:\path\to`,
	"html":          "<a href='x'>&amp;</a>",
	"controls":      "\x00\x01\x07\b\t\n\x0b\f\r\x1b\x1f\x7f",
	"latin":         "naïve café",
	"cjk":           "世界",
	"emoji":         "😀 ok",
	"separators":    "a\u2028b\u2029c",
	"invalid utf8":  "a\xffb\xc0\xafc\xed\xa0\x80d\xe2\x82",
	"lone cont":     "\x80\x80",
	"escape at end": strings.Repeat("x", 31) + "\n",
	"dense":         strings.Repeat(`<"&\>`, 200),
	"all bytes":     allBytes(),
}

func allBytes() string {
	b := make([]byte, 0, 512)
	for i := range 256 {
		b = append(b, byte(i), 'x')
	}
	return string(b)
}

// marshalString is encoding/json's encoding of s, which appendString must
// reproduce byte for byte.
func marshalString(t testing.TB, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for name, s := range escapeCases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want := marshalString(t, s)
			// Every amount of spare capacity, so every block split and
			// growth path runs.
			for spare := range 64 {
				dst := make([]byte, 3, 3+spare)
				copy(dst, "abc")
				got := appendString(dst, s)
				if string(got[:3]) != "abc" || string(got[3:]) != want {
					t.Fatalf("spare %d:\n got %q\nwant %q", spare, got[3:], want)
				}
			}
		})
	}
}

func TestAppendStringRandom(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", " ", "\"", "\\", "<", ">", "&", "\n", "\t", "\x00", "\x1f", "é", "→", "😀", "\u2028", "\xff", "\xe2\x82"}
	for range 2000 {
		var b strings.Builder
		for range r.IntN(80) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		s := b.String()
		if got, want := string(appendString(nil, s)), marshalString(t, s); got != want {
			t.Fatalf("%q:\n got %q\nwant %q", s, got, want)
		}
	}
}

func TestUnescapeInvertsAppendString(t *testing.T) {
	t.Parallel()
	for name, s := range escapeCases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			enc := appendString(nil, s)
			got, ok := unescape(enc[1 : len(enc)-1])
			if !ok {
				t.Fatal("unescape refused appendString's output")
			}
			want := strings.ToValidUTF8(s, "\uFFFD")
			if !utf8.ValidString(s) {
				// encoding/json replaces each invalid byte, not each run.
				var u string
				if err := json.Unmarshal(enc, &u); err != nil {
					t.Fatal(err)
				}
				want = u
			}
			if got != want {
				t.Fatalf("got %q, want %q", got, want)
			}
		})
	}
}

func TestUnescape(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		raw  string
		want string
		ok   bool
	}{
		"no escapes":          {`plain text`, "plain text", true},
		"short escapes":       {`\"\\\/\b\f\n\r\t`, "\"\\/\b\f\n\r\t", true},
		"unicode":             {`\u00e9\u4E16`, "é世", true},
		"pair":                {`\ud83d\ude00`, "😀", true},
		"lone high":           {`a\ud800b`, "a\uFFFDb", true},
		"high then non-low":   {`\ud800\u0041`, "\uFFFDA", true},
		"lone low":            {`\udc00`, "\uFFFD", true},
		"escape between runs": {strings.Repeat("x", 20) + `\n` + strings.Repeat("y", 20), strings.Repeat("x", 20) + "\n" + strings.Repeat("y", 20), true},
		"trailing backslash":  {`abc\`, "", false},
		"unknown escape":      {`\x41`, "", false},
		"short unicode":       {`\u12`, "", false},
		"bad hex":             {`\u12z4`, "", false},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, ok := unescape([]byte(c.raw))
			if ok != c.ok || got != c.want {
				t.Fatalf("unescape(%q) = %q, %v; want %q, %v", c.raw, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestUnescapeAliasesWithoutEscapes(t *testing.T) {
	t.Parallel()
	raw := []byte("no escapes here")
	s, ok := unescape(raw)
	if !ok {
		t.Fatal("refused")
	}
	raw[0] = 'N'
	if s[0] != 'N' {
		t.Fatal("unescape copied a string without escapes")
	}
}
