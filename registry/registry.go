package registry

import "errors"

// Owner identifies who registered a key, as gproc records the registering
// process. It is a plain value so that storing and returning it never
// allocates.
type Owner uint64

// Registry maps keys to owners. Implementations are safe for concurrent use.
type Registry interface {
	// Register records owner under key. It fails with ErrExists if key is
	// already registered; exactly one of several concurrent registrations of
	// the same key succeeds.
	Register(key string, owner Owner) error
	// Lookup returns the owner of key, or ErrNotFound.
	Lookup(key string) (Owner, error)
	// Unregister removes key, or fails with ErrNotFound if it is absent.
	Unregister(key string) error
	// Len returns the number of registered keys.
	Len() int
	// Close releases the registry; later operations fail with ErrClosed.
	// Closing twice is not an error.
	Close() error
}

var (
	// ErrExists reports a registration of a key that is already registered.
	ErrExists = errors.New("registry: key already registered")
	// ErrNotFound reports a lookup or unregistration of an absent key.
	ErrNotFound = errors.New("registry: key not registered")
	// ErrClosed reports an operation on a closed registry.
	ErrClosed = errors.New("registry: closed")
)
