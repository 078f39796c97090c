//go:build unix

package store

import (
	"encoding/binary"
	"testing"
	"unsafe"
)

// header is trusted only when both copies agree and the index is
// initialised; otherwise GetAdmin reads the database.
func TestWALIndexHeaderCopies(t *testing.T) {
	native := binary.NativeEndian
	put := func(mem []byte, copy int, iChange uint32, isInit byte) {
		base := copy * 48
		native.PutUint32(mem[base:], walIndexVersion)
		native.PutUint32(mem[base+8:], iChange)
		mem[base+12] = isInit
	}
	for _, c := range []struct {
		name             string
		change0, change1 uint32
		init0, init1     byte
		wantOK           bool
	}{
		{"same", 7, 7, 1, 1, true},
		{"a commit rewriting the header", 8, 7, 1, 1, false},
		{"not initialised", 7, 7, 0, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			mem := make([]byte, walIndexMapBytes+4)
			// 4-byte aligned like the real mapping.
			off := int((4 - uintptr(unsafe.Pointer(&mem[0]))%4) % 4)
			mem = mem[off : off+walIndexMapBytes]
			put(mem, 0, c.change0, c.init0)
			put(mem, 1, c.change1, c.init1)
			h, ok := (&walIndex{mem: mem}).header()
			if ok != c.wantOK {
				t.Fatalf("ok %v, want %v", ok, c.wantOK)
			}
			if h[2] != c.change0 {
				t.Fatalf("iChange %d, want %d", h[2], c.change0)
			}
		})
	}
}

// Each commit changes the mapped header, whichever connection makes it.
func TestWALIndexHeaderChangesOnCommit(t *testing.T) {
	s := openTest(t)
	if s.admins.wal == nil {
		t.Fatal("WAL-index not mapped")
	}
	before, ok := s.admins.wal.header()
	if !ok {
		t.Fatal("header not readable")
	}
	mustAddAdmin(t, s, "alice", RoleTenantAdmin)
	after, ok := s.admins.wal.header()
	if !ok || after == before {
		t.Fatalf("header %v after a commit, was %v", after, before)
	}
	if after[2] == before[2] {
		t.Fatalf("iChange %d did not move", after[2])
	}
}
