package snapshot

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

// readBack reads the snapshot at path and fails the test if it is not one.
func readBack(t *testing.T, path string) {
	t.Helper()
	if _, err := ReadFile(path); err != nil {
		t.Fatalf("read back: %v", err)
	}
}

// onlyFiles fails the test unless dir holds exactly names (no temp files).
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if len(got) != len(names) {
		t.Fatalf("%s holds %v, want %v", dir, got, names)
	}
	for i := range got {
		if got[i] != names[i] {
			t.Fatalf("%s holds %v, want %v", dir, got, names)
		}
	}
}

func isLink(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("%s is no longer a symbolic link (%v, %v)", path, fi, err)
	}
}

func TestWriteFileModes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		existing fs.FileMode // 0: no file before
		want     fs.FileMode
	}{
		{"new file", 0, 0o644},
		{"private file stays private", 0o600, 0o600},
		{"group-writable stays so", 0o664, 0o664},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, "run.json")
			if tc.existing != 0 {
				if err := os.WriteFile(path, []byte("old"), tc.existing); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, tc.existing); err != nil { // past the umask
					t.Fatal(err)
				}
			}
			if err := WriteFile(path, valid()); err != nil {
				t.Fatal(err)
			}
			readBack(t, path)
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != tc.want {
				t.Errorf("mode %v, want %v", fi.Mode().Perm(), tc.want)
			}
			onlyFiles(t, dir, "run.json")
		})
	}
}

func TestWriteFileThroughLinks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dir string) (out, target string)
	}{
		{"absolute link", func(t *testing.T, dir string) (string, string) {
			target := filepath.Join(dir, "real.json")
			mustWrite(t, target)
			return link(t, target, filepath.Join(dir, "out.json")), target
		}},
		{"relative link", func(t *testing.T, dir string) (string, string) {
			mustWrite(t, filepath.Join(dir, "real.json"))
			return link(t, "real.json", filepath.Join(dir, "out.json")), filepath.Join(dir, "real.json")
		}},
		{"chain of links", func(t *testing.T, dir string) (string, string) {
			target := filepath.Join(dir, "real.json")
			mustWrite(t, target)
			mid := link(t, "real.json", filepath.Join(dir, "mid.json"))
			return link(t, mid, filepath.Join(dir, "out.json")), target
		}},
		{"dangling link creates its target", func(t *testing.T, dir string) (string, string) {
			return link(t, "new.json", filepath.Join(dir, "out.json")), filepath.Join(dir, "new.json")
		}},
		{"relative link in a linked directory", func(t *testing.T, dir string) (string, string) {
			// dir/a/b/run.json is real; dir/via -> a/b; dir/a/b/out.json -> ../b/run.json.
			// The link is read from a/b, the directory it is in, not from dir.
			real := filepath.Join(dir, "a", "b")
			if err := os.MkdirAll(real, 0o755); err != nil {
				t.Fatal(err)
			}
			mustWrite(t, filepath.Join(real, "run.json"))
			link(t, filepath.Join("a", "b"), filepath.Join(dir, "via"))
			link(t, filepath.Join("..", "b", "run.json"), filepath.Join(real, "out.json"))
			return filepath.Join(dir, "via", "out.json"), filepath.Join(real, "run.json")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			out, target := tc.setup(t, dir)
			if err := WriteFile(out, valid()); err != nil {
				t.Fatal(err)
			}
			isLink(t, out)
			readBack(t, target)
			readBack(t, out)
			namesIn(t, filepath.Dir(target))
		})
	}
}

func TestWriteFileLinkLoop(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	link(t, b, a)
	link(t, a, b)
	err := WriteFile(a, valid())
	if !errors.Is(err, syscall.ELOOP) {
		t.Fatalf("WriteFile through a loop of links: %v, want ELOOP", err)
	}
	isLink(t, a)
	isLink(t, b)
}

// A FIFO (like /dev/stdout when it is a pipe) is written into, not
// replaced by a regular file.
func TestWriteFileIntoFIFO(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	out := link(t, fifo, filepath.Join(dir, "out.json"))
	got := make(chan []byte)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- nil
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- b
	}()
	if err := WriteFile(out, valid()); err != nil {
		t.Fatal(err)
	}
	data := <-got
	if _, err := Unmarshal(data); err != nil {
		t.Fatalf("what the FIFO's reader got is not a snapshot: %v", err)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Fatalf("the FIFO was replaced: %v %v", fi, err)
	}
	isLink(t, out)
	onlyFiles(t, dir, "out.json", "pipe")
}

func TestWriteFileRefusesADirectory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	err := WriteFile(dir, valid())
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("is a directory")) {
		t.Fatalf("WriteFile(dir) = %v, want \"is a directory\"", err)
	}
}

func TestWrite(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := Write(&b, valid()); err != nil {
		t.Fatal(err)
	}
	if _, err := Unmarshal(b.Bytes()); err != nil || !bytes.HasSuffix(b.Bytes(), []byte("}\n")) {
		t.Fatalf("Write wrote %q: %v", b.String(), err)
	}
	if err := Write(brokenPipe{}, valid()); !errors.Is(err, syscall.EPIPE) {
		t.Fatalf("Write to a broken pipe: %v, want it to wrap EPIPE", err)
	}
}

type brokenPipe struct{}

func (brokenPipe) Write([]byte) (int, error) { return 0, syscall.EPIPE }

func TestRemoveTemps(t *testing.T) {
	dir := t.TempDir()
	tmp := filepath.Join(dir, ".run.json.tmp1")
	if err := os.WriteFile(tmp, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	temps.add(tmp)
	RemoveTemps()
	onlyFiles(t, dir)
	RemoveTemps() // nothing left to do
}

func mustWrite(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// link makes a symbolic link at name pointing to target and returns name.
func link(t *testing.T, target, name string) string {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Skip("symlink:", err)
	}
	return name
}

// namesIn lists dir's entries; a name starting with "." (a temp file)
// fails the test.
func namesIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Name()[0] == '.' {
			t.Fatalf("temp file left: %s", e.Name())
		}
		names = append(names, e.Name())
	}
	return names
}
