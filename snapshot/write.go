package snapshot

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
)

// newFileMode is the mode of a snapshot file WriteFile creates; a file it
// replaces keeps its own.
const newFileMode fs.FileMode = 0o644

// maxLinks bounds the symbolic links WriteFile follows, as the kernel does.
const maxLinks = 40

// Write writes s to w as one JSON document and a newline: for a stream
// (`--out -`), where there is nothing to rename.
func Write(w io.Writer, s *Snapshot) error {
	data, err := Marshal(s)
	if err != nil {
		return fmt.Errorf("snapshot: encode: %w", err)
	}
	if _, err := w.Write(append(data, '\n')); err != nil {
		return fmt.Errorf("snapshot: write: %w", err)
	}
	return nil
}

// WriteFile writes s to path so that no reader ever sees half a snapshot
// where a whole one was meant to be:
//
//   - a regular file, or no file, is written as a temp file in the same
//     directory (".NAME.tmpN"), synced, then renamed over NAME; a file
//     replaced keeps its mode (a new one gets 0644);
//   - a symbolic link is followed, through every link, to the file it
//     names, which is then written as above: the link stays a link;
//   - anything else that is not a directory (a terminal, /dev/null, a
//     FIFO, /dev/stdout when it is a pipe) is opened and written into, as
//     a shell's `>` would; there is no file to replace.
//
// On error nothing is left at path that was not there before, and an
// existing regular file is as it was. The temp file of a write still in
// progress is removed by RemoveTemps.
func WriteFile(path string, s *Snapshot) error {
	data, err := Marshal(s)
	if err != nil {
		return fmt.Errorf("snapshot: encode: %w", err)
	}
	if err := writeFile(path, append(data, '\n')); err != nil {
		return fmt.Errorf("snapshot: write %s: %w", path, err)
	}
	return nil
}

func writeFile(path string, data []byte) error {
	mode := newFileMode
	switch fi, err := os.Stat(path); {
	case err == nil && fi.IsDir():
		return errors.New("is a directory")
	case err == nil && !fi.Mode().IsRegular():
		return writeInto(path, data)
	case err == nil:
		mode = fi.Mode().Perm()
	case !errors.Is(err, fs.ErrNotExist):
		return bare(err)
	}
	target, err := followLinks(path)
	if err != nil {
		return err
	}
	return replace(target, data, mode)
}

// CheckWritable reports whether WriteFile could write path, leaving
// nothing behind, for a program that writes a snapshot only at the end of
// a long run: a directory is refused; a device or a FIFO is taken as it is
// (opening a FIFO would wait for its reader); otherwise a temp file is
// created and removed in the directory of the file path's links lead to.
func CheckWritable(path string) error {
	switch fi, err := os.Stat(path); {
	case err == nil && fi.IsDir():
		return fmt.Errorf("%s is a directory", path)
	case err == nil && !fi.Mode().IsRegular():
		return nil
	}
	target, err := followLinks(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	dir := filepath.Dir(target)
	f, err := os.CreateTemp(dir, ".mcptop-check*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", dir, bare(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// writeInto writes data into what path opens: a device or a FIFO.
func writeInto(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return bare(err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return bare(err)
}

// followLinks returns the file path leads to through its symbolic links,
// whether or not that file exists (a dangling link is written through, as
// a shell's `>` would). Each link is read relative to the directory it is
// in, that directory's own links resolved first, as the kernel does.
func followLinks(path string) (string, error) {
	for range maxLinks {
		fi, err := os.Lstat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return path, nil
		case err != nil:
			return "", bare(err)
		case fi.Mode()&fs.ModeSymlink == 0:
			return path, nil
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return "", bare(err)
		}
		if !filepath.IsAbs(dest) {
			dir, err := filepath.EvalSymlinks(filepath.Dir(path))
			if err != nil {
				return "", bare(err)
			}
			dest = filepath.Join(dir, dest)
		}
		path = dest
	}
	return "", syscall.ELOOP
}

// replace writes data to a temp file beside path, syncs it, gives it mode
// and renames it over path.
func replace(path string, data []byte, mode fs.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return bare(err) // the temp name means nothing to the user
	}
	tmp := f.Name()
	temps.add(tmp)
	defer temps.remove(tmp)
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Chmod(mode); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return bare(err)
	}
	return nil
}

// bare drops the path from a *PathError or *LinkError: WriteFile's error
// names the path the caller gave, and a temp file's name means nothing.
func bare(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}

// tempFiles are the temp files of the writes in progress.
type tempFiles struct {
	mu    sync.Mutex
	names map[string]bool
}

var temps = tempFiles{names: map[string]bool{}}

func (t *tempFiles) add(name string) {
	t.mu.Lock()
	t.names[name] = true
	t.mu.Unlock()
}

func (t *tempFiles) remove(name string) {
	t.mu.Lock()
	delete(t.names, name)
	t.mu.Unlock()
}

// RemoveTemps removes the temp files of the WriteFile calls still in
// progress, for a program about to exit before they finish (a second
// Ctrl-C): their targets are left as they were, never half written. The
// writes themselves then fail.
func RemoveTemps() {
	temps.mu.Lock()
	defer temps.mu.Unlock()
	for name := range temps.names {
		os.Remove(name)
		delete(temps.names, name)
	}
}
