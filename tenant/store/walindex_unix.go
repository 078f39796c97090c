//go:build unix

package store

import (
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"unsafe"
)

// walIndex is a read-only mapping of the database's WAL-index (the "-shm"
// file), whose header every connection of every process rewrites when it
// commits (https://www.sqlite.org/walformat.html#the_wal_index_file_format):
// two copies of a 48-byte header, the second written first, with iChange
// "incremented with each transaction". Comparing the header with an earlier
// copy tells, without a system call, whether anything was committed since.
//
// The file stays the one SQLite uses as long as a connection of this process
// keeps it open: SQLite only deletes or reinitialises the WAL-index when no
// other connection holds it, and the admin cache keeps its own connection
// open for that reason.
//
// The mapping's file descriptor is never closed: SQLite's locks on the
// WAL-index are POSIX locks, which the process loses on closing ANY
// descriptor of the file. So each WAL-index file (path and inode) is mapped
// once per process and kept until the process ends; stores reopening the same
// file share the mapping.
type walIndex struct {
	mem []byte
	f   *os.File // kept open, see above
}

type walIndexKey struct {
	path       string
	dev, inode uint64
}

var (
	walIndexesMu sync.Mutex
	walIndexes   = map[walIndexKey]*walIndex{}
)

const (
	walIndexHeaderWords = 12      // 48 bytes
	walIndexVersion     = 3007000 // iVersion of the WAL-index format
	walIndexMapBytes    = 4096
)

type walIndexHeader [walIndexHeaderWords]uint32

// mapWALIndex maps the WAL-index of the database at dbPath, which a
// connection of this process must hold open (in WAL mode, after a read).
func mapWALIndex(dbPath string) (*walIndex, error) {
	name := dbPath + "-shm"
	// Stat by name first: opening is harmless, but a descriptor opened here
	// for a file already mapped could never be closed either.
	var st syscall.Stat_t
	if err := syscall.Stat(name, &st); err != nil {
		return nil, fmt.Errorf("stat WAL-index %s: %w", name, err)
	}
	key := walIndexKey{path: name, dev: uint64(st.Dev), inode: uint64(st.Ino)}
	walIndexesMu.Lock()
	defer walIndexesMu.Unlock()
	if w, ok := walIndexes[key]; ok {
		return w, nil
	}
	if st.Size < walIndexMapBytes {
		return nil, fmt.Errorf("WAL-index %s: %d bytes, not initialised", name, st.Size)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("open WAL-index: %w", err)
	}
	// From here on f stays open whatever happens (see walIndex).
	var fst syscall.Stat_t
	if err := syscall.Fstat(int(f.Fd()), &fst); err != nil || fst.Ino != st.Ino || fst.Dev != st.Dev {
		return nil, fmt.Errorf("WAL-index %s changed while being opened", name)
	}
	mem, err := syscall.Mmap(int(f.Fd()), 0, walIndexMapBytes, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("map WAL-index: %w", err)
	}
	w := &walIndex{mem: mem, f: f}
	if h, ok := w.header(); !ok || h[0] != walIndexVersion {
		return nil, fmt.Errorf("WAL-index %s: unexpected header %v", name, h)
	}
	walIndexes[key] = w
	return w, nil
}

// header returns the first copy of the header, and false when the two copies
// differ (a commit is rewriting them) or the index is not initialised.
func (w *walIndex) header() (walIndexHeader, bool) {
	var first, second walIndexHeader
	p := unsafe.Pointer(&w.mem[0])
	for i := range first {
		first[i] = atomic.LoadUint32((*uint32)(unsafe.Add(p, 4*i)))
	}
	for i := range second {
		second[i] = atomic.LoadUint32((*uint32)(unsafe.Add(p, 4*(walIndexHeaderWords+i))))
	}
	isInit := (*[4 * walIndexHeaderWords]byte)(unsafe.Pointer(&first))[12] // the byte after iChange
	return first, first == second && isInit == 1
}
