package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// The database holds the tenant's signing key and password hashes: its files
// are the owner's alone, whether new or left too open by an earlier version.
func TestDatabaseFilesArePrivate(t *testing.T) {
	for _, c := range []struct {
		name     string
		existing os.FileMode // 0: no file before Open
	}{
		{"new database", 0},
		{"existing world-readable database", 0o644},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, FileName)
			if c.existing != 0 {
				if err := os.WriteFile(path, nil, c.existing); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, c.existing); err != nil {
					t.Fatal(err)
				}
			}
			s, err := Open(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, err := s.DB().Exec(`CREATE TABLE probe (x)`); err != nil { // makes SQLite write its -wal and -shm
				t.Fatal(err)
			}
			files, _ := filepath.Glob(path + "*")
			if len(files) < 2 {
				t.Fatalf("database files %v", files)
			}
			for _, f := range files {
				info, err := os.Stat(f)
				if err != nil {
					t.Fatal(err)
				}
				if perm := info.Mode().Perm(); perm&0o077 != 0 {
					t.Errorf("%s has mode %v", filepath.Base(f), perm)
				}
			}
		})
	}
}
