package registry

import "fmt"

// names is a plain map with the registry's rules, for implementations that
// guard one (or several) with a lock: the caller holds the lock. A nil
// names is a closed registry. Its methods return the package's sentinels
// bare; wrap adds the operation and key.
type names map[string]Owner

func (n names) register(key string, owner Owner) error {
	if n == nil {
		return ErrClosed
	}
	if _, ok := n[key]; ok {
		return ErrExists
	}
	n[key] = owner
	return nil
}

func (n names) lookup(key string) (Owner, error) {
	if n == nil {
		return 0, ErrClosed
	}
	o, ok := n[key]
	if !ok {
		return 0, ErrNotFound
	}
	return o, nil
}

func (n names) unregister(key string) error {
	if n == nil {
		return ErrClosed
	}
	if _, ok := n[key]; !ok {
		return ErrNotFound
	}
	delete(n, key)
	return nil
}

// wrap names the operation and key of a failure; nil stays nil, so the
// path of a successful call allocates nothing.
func wrap(op, key string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s %q: %w", op, key, err)
}
