package registry

import (
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"
)

// forEach runs test against a fresh registry of every implementation, closing
// it afterwards.
func forEach(t *testing.T, test func(t *testing.T, r Registry)) {
	t.Helper()
	for _, impl := range Impls {
		t.Run(impl.Name, func(t *testing.T) {
			t.Parallel()
			r := impl.New()
			t.Cleanup(func() {
				if err := r.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			test(t, r)
		})
	}
}

func mustRegister(t *testing.T, r Registry, key string, owner Owner) {
	t.Helper()
	if err := r.Register(key, owner); err != nil {
		t.Fatalf("Register(%q, %d): %v", key, owner, err)
	}
}

func wantOwner(t *testing.T, r Registry, key string, want Owner) {
	t.Helper()
	got, err := r.Lookup(key)
	if err != nil {
		t.Fatalf("Lookup(%q): %v", key, err)
	}
	if got != want {
		t.Fatalf("Lookup(%q) = %d, want %d", key, got, want)
	}
}

func wantErr(t *testing.T, op string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: error %v, want %v", op, err, want)
	}
}

func wantLen(t *testing.T, r Registry, want int) {
	t.Helper()
	if got := r.Len(); got != want {
		t.Fatalf("Len() = %d, want %d", got, want)
	}
}

func TestRegistry(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		run  func(t *testing.T, r Registry)
	}{
		{"empty", func(t *testing.T, r Registry) {
			wantLen(t, r, 0)
			_, err := r.Lookup("a")
			wantErr(t, "Lookup missing", err, ErrNotFound)
			wantErr(t, "Unregister missing", r.Unregister("a"), ErrNotFound)
		}},
		{"register then lookup", func(t *testing.T, r Registry) {
			mustRegister(t, r, "a", 7)
			mustRegister(t, r, "b", 8)
			mustRegister(t, r, "", 9)
			wantOwner(t, r, "a", 7)
			wantOwner(t, r, "b", 8)
			wantOwner(t, r, "", 9)
			wantLen(t, r, 3)
		}},
		{"duplicate keeps first owner", func(t *testing.T, r Registry) {
			mustRegister(t, r, "a", 1)
			err := r.Register("a", 2)
			wantErr(t, "second Register", err, ErrExists)
			err = r.Register("a", 1)
			wantErr(t, "Register by same owner", err, ErrExists)
			wantOwner(t, r, "a", 1)
			wantLen(t, r, 1)
		}},
		{"unregister frees the key", func(t *testing.T, r Registry) {
			mustRegister(t, r, "a", 1)
			mustRegister(t, r, "b", 2)
			if err := r.Unregister("a"); err != nil {
				t.Fatalf("Unregister: %v", err)
			}
			_, err := r.Lookup("a")
			wantErr(t, "Lookup after Unregister", err, ErrNotFound)
			wantErr(t, "second Unregister", r.Unregister("a"), ErrNotFound)
			wantOwner(t, r, "b", 2)
			wantLen(t, r, 1)
			mustRegister(t, r, "a", 3)
			wantOwner(t, r, "a", 3)
		}},
		{"many keys", func(t *testing.T, r Registry) {
			const n = 5000
			for i := range n {
				mustRegister(t, r, strconv.Itoa(i), Owner(i))
			}
			wantLen(t, r, n)
			for i := 0; i < n; i += 2 {
				if err := r.Unregister(strconv.Itoa(i)); err != nil {
					t.Fatalf("Unregister: %v", err)
				}
			}
			wantLen(t, r, n/2)
			for i := 1; i < n; i += 2 {
				wantOwner(t, r, strconv.Itoa(i), Owner(i))
			}
		}},
		{"closed", func(t *testing.T, r Registry) {
			mustRegister(t, r, "a", 1)
			if err := r.Close(); err != nil {
				t.Fatalf("Close: %v", err)
			}
			wantErr(t, "Register after Close", r.Register("b", 1), ErrClosed)
			_, err := r.Lookup("a")
			wantErr(t, "Lookup after Close", err, ErrClosed)
			wantErr(t, "Unregister after Close", r.Unregister("a"), ErrClosed)
			wantLen(t, r, 0)
			if err := r.Close(); err != nil {
				t.Fatalf("second Close: %v", err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			forEach(t, tt.run)
		})
	}
}

// TestConcurrentRegistration has many goroutines register their own keys and
// race for shared ones: every shared key must have exactly one winner, whose
// owner Lookup then reports, and exactly one of the racing unregistrations of
// it must succeed.
func TestConcurrentRegistration(t *testing.T) {
	t.Parallel()
	const (
		goroutines = 16
		own        = 200 // distinct keys per goroutine
		shared     = 200 // keys every goroutine races for
	)
	forEach(t, func(t *testing.T, r Registry) {
		var winners [shared]atomic.Int32
		var winner [shared]atomic.Uint64
		run := func(f func(g int)) {
			var wg sync.WaitGroup
			for g := range goroutines {
				wg.Go(func() { f(g) })
			}
			wg.Wait()
		}
		run(func(g int) {
			me := Owner(g + 1)
			for i := range shared {
				if err := r.Register("own/"+strconv.Itoa(g)+"/"+strconv.Itoa(i), me); err != nil {
					t.Errorf("Register own key: %v", err)
				}
				// Goroutines start at different shared keys so the races
				// spread over the table.
				k := (i + g*shared/goroutines) % shared
				switch err := r.Register("shared/"+strconv.Itoa(k), me); {
				case err == nil:
					winners[k].Add(1)
					winner[k].Store(uint64(me))
				case !errors.Is(err, ErrExists):
					t.Errorf("Register shared key: %v", err)
				}
				if _, err := r.Lookup("shared/" + strconv.Itoa((k+1)%shared)); err != nil && !errors.Is(err, ErrNotFound) {
					t.Errorf("Lookup shared key: %v", err)
				}
			}
		})
		for k := range shared {
			if n := winners[k].Load(); n != 1 {
				t.Fatalf("shared/%d: %d registrations succeeded, want 1", k, n)
			}
			wantOwner(t, r, "shared/"+strconv.Itoa(k), Owner(winner[k].Load()))
		}
		wantLen(t, r, goroutines*own+shared)

		var removed [shared]atomic.Int32
		run(func(g int) {
			for i := range own {
				key := "own/" + strconv.Itoa(g) + "/" + strconv.Itoa(i)
				if o, err := r.Lookup(key); err != nil || o != Owner(g+1) {
					t.Errorf("Lookup(%q) = %d, %v; want %d", key, o, err, g+1)
				}
				if err := r.Unregister(key); err != nil {
					t.Errorf("Unregister own key: %v", err)
				}
				k := (i + g*shared/goroutines) % shared
				switch err := r.Unregister("shared/" + strconv.Itoa(k)); {
				case err == nil:
					removed[k].Add(1)
				case !errors.Is(err, ErrNotFound):
					t.Errorf("Unregister shared key: %v", err)
				}
			}
		})
		for k := range shared {
			if n := removed[k].Load(); n != 1 {
				t.Fatalf("shared/%d: %d unregistrations succeeded, want 1", k, n)
			}
		}
		wantLen(t, r, 0)
	})
}

// TestConcurrentChurn has goroutines repeatedly register, look up and
// unregister a few colliding keys. Whoever holds a key must see itself as its
// owner until it lets go, because nobody else can register it meanwhile.
func TestConcurrentChurn(t *testing.T) {
	t.Parallel()
	const (
		goroutines = 8
		rounds     = 2000
		keys       = 4
	)
	forEach(t, func(t *testing.T, r Registry) {
		var held atomic.Int64
		var wg sync.WaitGroup
		for g := range goroutines {
			wg.Go(func() {
				me := Owner(g + 1)
				for i := range rounds {
					key := "k" + strconv.Itoa((i+g)%keys)
					err := r.Register(key, me)
					if errors.Is(err, ErrExists) {
						continue
					}
					if err != nil {
						t.Errorf("Register: %v", err)
						return
					}
					held.Add(1)
					if o, err := r.Lookup(key); err != nil || o != me {
						t.Errorf("Lookup(%q) by holder %d = %d, %v", key, me, o, err)
						return
					}
					if err := r.Unregister(key); err != nil {
						t.Errorf("Unregister by holder: %v", err)
						return
					}
				}
			})
		}
		wg.Wait()
		if held.Load() == 0 {
			t.Fatal("no registration ever succeeded")
		}
		wantLen(t, r, 0)
	})
}

func TestShardSize(t *testing.T) {
	t.Parallel()
	if got := unsafe.Sizeof(shard{}); got != 128 {
		t.Fatalf("shard is %d bytes, want 128 (two cache lines)", got)
	}
}

// TestCloseWhileBusy closes a registry while callers are using it: every
// caller must come back, and once an operation has failed with ErrClosed,
// every later one must too.
func TestCloseWhileBusy(t *testing.T) {
	t.Parallel()
	for _, impl := range Impls {
		t.Run(impl.Name, func(t *testing.T) {
			t.Parallel()
			r := impl.New()
			var wg sync.WaitGroup
			var started sync.WaitGroup
			for g := range 4 {
				started.Add(1)
				wg.Go(func() {
					key := "k" + strconv.Itoa(g)
					closed := false
					for i := 0; ; i++ {
						if i == 10 {
							started.Done()
						}
						err := r.Register(key, Owner(g))
						if err == nil {
							err = r.Unregister(key)
						}
						switch {
						case errors.Is(err, ErrClosed):
							closed = true
						case closed:
							t.Errorf("op after ErrClosed returned %v", err)
							return
						case err != nil:
							t.Errorf("op before Close: %v", err)
							return
						}
						if closed && i > 10 {
							if _, err := r.Lookup(key); !errors.Is(err, ErrClosed) {
								t.Errorf("Lookup after ErrClosed returned %v", err)
							}
							return
						}
					}
				})
			}
			started.Wait()
			if err := r.Close(); err != nil {
				t.Fatalf("Close: %v", err)
			}
			wg.Wait()
		})
	}
}
