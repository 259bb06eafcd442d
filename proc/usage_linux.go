package proc

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strconv"
	"syscall"
	"time"
)

// userHZ is the unit of the CPU times in /proc/PID/stat: USER_HZ, 100 on
// every architecture Go runs Linux on.
const userHZ = 100

// Read returns the tree's usage; ok is false once the process is gone.
// CPU times come in clock ticks of 10 ms, so a figure over a short span
// is coarse; over a run the ticks add up exactly.
func (m *Meter) Read() (Usage, bool) {
	if m.pages == 0 {
		m.pages = int64(os.Getpagesize())
	}
	if now := time.Now(); m.tree == nil || now.Sub(m.walk) >= treeWalkEvery {
		m.tree = m.descendants(m.tree[:0])
		m.walk = now
	}
	var u Usage
	var ticks int64
	for i, pid := range m.tree {
		t, rss, ok := m.stat(pid)
		if !ok {
			if i == 0 {
				return Usage{}, false
			}
			continue // exited since the walk: its parent will count it
		}
		ticks += t
		u.RSS += rss * m.pages
	}
	u.CPU = time.Duration(ticks) * (time.Second / userHZ)
	return u, true
}

// stat reads one process's CPU ticks (its own and its waited-for
// children's) and resident pages from /proc/PID/stat.
func (m *Meter) stat(pid int) (ticks, rss int64, ok bool) {
	var err error
	m.buf, err = readInto(m.buf, "/proc/"+strconv.Itoa(pid)+"/stat")
	if err != nil {
		return 0, 0, false
	}
	// The command name, in parentheses, may hold anything: fields count
	// from after its last ')'. Field 3 (state) is then the first.
	i := bytes.LastIndexByte(m.buf, ')')
	if i < 0 {
		return 0, 0, false
	}
	f := bytes.Fields(m.buf[i+1:])
	const state, utime, cstime, rssField = 3, 14, 17, 24
	if len(f) <= rssField-state || string(f[0]) == "Z" {
		return 0, 0, false
	}
	for k := utime; k <= cstime; k++ {
		n, _ := strconv.ParseInt(string(f[k-state]), 10, 64)
		ticks += n
	}
	rss, _ = strconv.ParseInt(string(f[rssField-state]), 10, 64)
	return ticks, rss, true
}

// descendants appends pid and every process below it to tree, from the
// children files of each thread (/proc/PID/task/TID/children).
func (m *Meter) descendants(tree []int) []int {
	tree = append(tree, m.pid)
	for i := 0; i < len(tree); i++ {
		dir := "/proc/" + strconv.Itoa(tree[i]) + "/task/"
		tasks, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, t := range tasks {
			var err error
			m.buf, err = readInto(m.buf, dir+t.Name()+"/children")
			if err != nil {
				continue
			}
			for _, w := range bytes.Fields(m.buf) {
				if pid, err := strconv.Atoi(string(w)); err == nil && len(tree) < 4096 {
					tree = append(tree, pid)
				}
			}
		}
	}
	return tree
}

// readInto reads a (small, /proc) file into buf.
func readInto(buf []byte, path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return buf[:0], err
	}
	defer f.Close()
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case errors.Is(err, io.EOF) || (err == nil && n == 0):
			return buf, nil
		case err != nil:
			return buf, err
		}
	}
}

// ExitUsage returns what the child used, the descendants it waited for
// included, once it has exited: its CPU time and its peak resident memory.
func (ch *Child) ExitUsage() (Usage, bool) {
	select {
	case <-ch.exited:
	default:
		return Usage{}, false
	}
	if ch.state == nil {
		return Usage{}, false
	}
	ru, ok := ch.state.SysUsage().(*syscall.Rusage)
	if !ok {
		return Usage{}, false
	}
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return Usage{CPU: cpu, RSS: ru.Maxrss << 10}, true // Linux counts maxrss in KiB
}
