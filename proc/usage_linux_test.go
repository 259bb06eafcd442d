package proc

import (
	"bufio"
	"testing"
	"time"
)

func TestMeterReadsTheTree(t *testing.T) {
	ch := startHelper(t, "spin")
	m := NewMeter(ch.Pid())
	line, err := bufio.NewReader(ch.Stdio()).ReadString('\n')
	if err != nil || line != "spun\n" {
		t.Fatalf("helper said %q, %v", line, err)
	}
	u, ok := m.Read()
	if !ok {
		t.Fatal("no usage of a live child")
	}
	// The helper spun until it had used 300 ms; /proc counts in 10 ms
	// ticks, user and system apart.
	if u.CPU < 280*time.Millisecond || u.RSS < 1<<20 {
		t.Errorf("usage %+v: want ≥ 280ms of CPU and ≥ 1 MiB resident", u)
	}
	if len(m.tree) != 2 {
		t.Errorf("tree %v: want the child and its sleeping grandchild", m.tree)
	}
	ch.Terminate(200 * time.Millisecond)
	if _, ok := m.Read(); ok {
		t.Error("usage of a child that has exited")
	}
	eu, ok := ch.ExitUsage()
	if !ok || eu.CPU < u.CPU || eu.RSS <= 0 {
		t.Errorf("exit usage %+v, %t: want at least %v of CPU and a peak RSS", eu, ok, u.CPU)
	}
}

func TestMeterOfNoProcess(t *testing.T) {
	t.Parallel()
	if _, ok := NewMeter(1 << 30).Read(); ok {
		t.Error("usage of a pid that cannot exist")
	}
}
