package mcpwire

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcptop/mcptop/transport"
	"github.com/mcptop/mcptop/workload"
)

// sharedCount counts round trips across workers, and failures.
type sharedCount struct{ n, errs *atomic.Int64 }

func (c sharedCount) Gap() int { return 0 }
func (c sharedCount) Timed(t workload.Timing) {
	c.n.Add(1)
	if t.Err != nil {
		c.errs.Add(1)
	}
}
func (c sharedCount) Untimed(n workload.Counts) { c.n.Add(n.Ops); c.errs.Add(n.Errs) }
func (c sharedCount) Full()                     {}
func (c sharedCount) Draining()                 {}

// BenchmarkE2E measures the e2e workload's round trip, both sides included
// (allocs/op counts the client and the server), at its default conns and
// depth and two workers: ns/op is wall time over round trips.
//
//	go test -run '^$' -bench E2E -benchmem ./mcpwire
func BenchmarkE2E(b *testing.B) {
	w := E2EWorkload()
	for _, size := range []int{1 << 10, 100 << 10} {
		for _, im := range w.Impls {
			b.Run(fmt.Sprintf("size=%d/%s", size, im.Name), func(b *testing.B) {
				p := w.Defaults()
				p["size"] = size
				in, err := im.New(p)
				if err != nil {
					b.Fatal(err)
				}
				defer in.Close()
				const workers = 2
				pipes := make([]workload.Pipeline, workers)
				for i := range pipes {
					pipes[i] = in.Worker(i).(workload.Pipeline)
				}
				var done atomic.Int64
				target := int64(b.N)
				b.SetBytes(in.BytesPerOp())
				b.ReportAllocs()
				b.ResetTimer()
				var wg sync.WaitGroup
				var errs atomic.Int64
				for _, pw := range pipes {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for done.Load() < target {
							pw.Run(func() bool { return done.Load() >= target }, sharedCount{&done, &errs})
						}
					}()
				}
				wg.Wait()
				b.StopTimer()
				if errs.Load() != 0 {
					b.Fatalf("%d errors", errs.Load())
				}
			})
		}
	}
}

// pingEncoder writes a ping with fixed bytes but for the id, as the target
// workload's template does.
type pingEncoder struct{}

func (pingEncoder) AppendRequest(dst []byte, id int64) ([]byte, error) {
	dst = append(dst, `{"jsonrpc":"2.0","id":`...)
	dst = strconv.AppendInt(dst, id, 10)
	return append(dst, `,"method":"ping"}`...), nil
}

// BenchmarkPingPipeline is one client keeping 32 pings in flight to the
// built-in server over loopback TCP, with each stack; with the optimised one
// the path allocates nothing per round trip (client and server included).
//
//	go test -run '^$' -bench PingPipeline -benchmem ./mcpwire
func BenchmarkPingPipeline(b *testing.B) {
	for _, v := range workload.Variants {
		b.Run(v.String(), func(b *testing.B) {
			srv := NewServer(ServerOptions{Stack: v})
			defer srv.Close()
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			go srv.Serve(l)
			conn, err := transport.DialTCP(context.Background(), l.Addr().String(), transport.StreamOptions{})
			if err != nil {
				b.Fatal(err)
			}
			c, err := NewClient(context.Background(), conn, ClientOptions{Stack: v, Load: LoadSpec{Encoder: pingEncoder{}, Depth: 32}})
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			w, err := NewPipeline(32, time.Minute, c)
			if err != nil {
				b.Fatal(err)
			}
			defer w.Close()
			var done atomic.Int64
			target := int64(b.N)
			b.ReportAllocs()
			b.ResetTimer()
			for done.Load() < target {
				var errs atomic.Int64
				if w.Run(func() bool { return done.Load() >= target }, sharedCount{&done, &errs}); errs.Load() != 0 {
					b.Fatalf("%d errors", errs.Load())
				}
			}
		})
	}
}
