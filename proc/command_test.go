package proc

import (
	"reflect"
	"testing"
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
