package engine

import (
	"runtime/debug"
	"testing"
)

// A build from a checkout reads devel+REVISION whether `go run` (no
// version stamped) or `go build` (a pseudo-version) made it; a released
// version stays as tagged.
func TestVersion(t *testing.T) {
	t.Parallel()
	rev := []debug.BuildSetting{{Key: "vcs.revision", Value: "e49001e44ecbe21c3099c3f455420c2bcfac30e1"}}
	dirty := append(rev[:1:1], debug.BuildSetting{Key: "vcs.modified", Value: "true"})
	for _, tc := range []struct {
		name, main string
		settings   []debug.BuildSetting
		want       string
	}{
		{"go run", "(devel)", nil, "devel"},
		{"go run, VCS stamped", "(devel)", rev, "devel+e49001e44ecb"},
		{"go build, pseudo-version", "v0.0.0-20261129090322-e49001e44ecb", rev, "devel+e49001e44ecb"},
		{"go build, dirty pseudo-version", "v0.0.0-20261129090322-e49001e44ecb+dirty", dirty, "devel+e49001e44ecb-dirty"},
		{"go build after a tag", "v1.2.4-0.20261129090322-e49001e44ecb", rev, "devel+e49001e44ecb"},
		{"go build at a tag", "v1.2.3", rev, "v1.2.3"},
		{"go install of a release", "v1.2.3", nil, "v1.2.3"},
		{"go install of a commit", "v0.0.0-20261129090322-e49001e44ecb", nil, "v0.0.0-20261129090322-e49001e44ecb"},
		{"no version at all", "", nil, "devel"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := version(tc.main, tc.settings); got != tc.want {
				t.Errorf("version(%q) = %q, want %q", tc.main, got, tc.want)
			}
		})
	}
}
