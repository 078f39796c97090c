package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// openOther opens the same database file as s through a connection pool of
// its own, as `console admin add` does from another process.
func openOther(t *testing.T, s *Store) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+s.Path()+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// checks are the two ways the cache tells that nothing was committed.
var checks = []struct {
	name string
	use  func(t *testing.T, s *Store)
}{
	{"wal-index", func(t *testing.T, s *Store) {
		if s.admins.wal == nil && runtime.GOOS != "windows" {
			t.Fatal("WAL-index not mapped")
		}
	}},
	{"data_version", func(t *testing.T, s *Store) { s.admins.wal = nil }},
}

func forEachCheck(t *testing.T, test func(t *testing.T, s *Store)) {
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			s := openTest(t)
			c.use(t, s)
			test(t, s)
		})
	}
}

func mustAddAdmin(t *testing.T, s *Store, name, role string) {
	t.Helper()
	if err := s.AddAdmin(context.Background(), Admin{Username: name, Role: role, PasswordHash: "h0"}); err != nil {
		t.Fatal(err)
	}
}

func mustGetRole(t *testing.T, s *Store, name string) string {
	t.Helper()
	a, err := s.GetAdmin(context.Background(), name)
	if err != nil {
		t.Fatalf("GetAdmin(%q): %v", name, err)
	}
	return a.Role
}

func TestGetAdminAnswersFromMemoryUntilACommit(t *testing.T) {
	forEachCheck(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustAddAdmin(t, s, "alice", RoleTenantAdmin)
		mustGetRole(t, s, "alice")
		before := s.admins.reads.Load()
		for range 3 {
			if got := mustGetRole(t, s, "alice"); got != RoleTenantAdmin {
				t.Fatalf("role %q", got)
			}
		}
		if n := s.admins.reads.Load() - before; n != 0 {
			t.Fatalf("%d database reads with nothing committed, want 0", n)
		}
		// A commit to any table, by this process, is a reason to read again.
		if _, err := s.CreateSvcAcct(ctx, "alice", sample("one")); err != nil {
			t.Fatal(err)
		}
		mustGetRole(t, s, "alice")
		if n := s.admins.reads.Load() - before; n != 1 {
			t.Fatalf("%d database reads after a commit, want 1", n)
		}
		// Unknown names are never remembered.
		for range 2 {
			if _, err := s.GetAdmin(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("GetAdmin(nobody): %v", err)
			}
		}
		if n := s.admins.reads.Load() - before; n != 3 {
			t.Fatalf("%d database reads, want 3", n)
		}
	})
}

// Changes committed by another connection pool on the same file (as the CLI
// does from its own process) apply on the very next call.
func TestGetAdminSeesChangesOfAnotherConnection(t *testing.T) {
	forEachCheck(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustAddAdmin(t, s, "alice", RoleTenantAdmin)
		mustAddAdmin(t, s, "bob", RoleTenantAdmin)
		mustGetRole(t, s, "alice")
		mustGetRole(t, s, "bob")

		other := openOther(t, s)
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := other.ExecContext(ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		exec(`UPDATE admins SET role = ? WHERE username = 'alice'`, RoleTenantAuditor)
		if got := mustGetRole(t, s, "alice"); got != RoleTenantAuditor {
			t.Fatalf("after a role change by another connection: role %q", got)
		}
		exec(`DELETE FROM admins WHERE username = 'bob'`)
		if _, err := s.GetAdmin(ctx, "bob"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("after a removal by another connection: %v", err)
		}
		if got := mustGetRole(t, s, "alice"); got != RoleTenantAuditor {
			t.Fatalf("role %q", got)
		}

		// Through a second Store too (what `console admin add` opens).
		s2, err := Open(ctx, filepath.Dir(s.Path()))
		if err != nil {
			t.Fatal(err)
		}
		defer s2.Close()
		mustAddAdmin(t, s2, "bob", RoleTenantAuditor)
		if got := mustGetRole(t, s, "bob"); got != RoleTenantAuditor {
			t.Fatalf("bob added again by a second store: role %q", got)
		}
	})
}

// The same through a real second process: the test binary runs itself with
// helperEnv set and changes the file.
const helperEnv = "STORE_ADMIN_HELPER_SQL"

func TestMain(m *testing.M) {
	if q := os.Getenv(helperEnv); q != "" {
		db, err := sql.Open("sqlite", "file:"+os.Getenv(helperEnv+"_FILE")+"?_pragma=busy_timeout(10000)")
		if err == nil {
			_, err = db.Exec(q)
			db.Close()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestGetAdminSeesChangesOfAnotherProcess(t *testing.T) {
	forEachCheck(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustAddAdmin(t, s, "alice", RoleTenantAdmin)
		mustAddAdmin(t, s, "bob", RoleTenantAdmin)
		mustGetRole(t, s, "alice")
		mustGetRole(t, s, "bob")

		inOtherProcess := func(q string) {
			t.Helper()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), helperEnv+"="+q, helperEnv+"_FILE="+s.Path())
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("helper process: %v: %s", err, out)
			}
		}
		inOtherProcess(`UPDATE admins SET role = 'tenant-auditor' WHERE username = 'alice'`)
		if got := mustGetRole(t, s, "alice"); got != RoleTenantAuditor {
			t.Fatalf("after a role change by another process: role %q", got)
		}
		inOtherProcess(`DELETE FROM admins WHERE username = 'bob'`)
		if _, err := s.GetAdmin(ctx, "bob"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("after a removal by another process: %v", err)
		}
	})
}

// A call that starts after a commit returns it or something newer, however
// calls and commits interleave.
func TestGetAdminNeverOlderThanLastCommit(t *testing.T) {
	forEachCheck(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustAddAdmin(t, s, "alice", RoleTenantAdmin)
		other := openOther(t, s)

		const writes = 150
		var committed atomic.Int64 // last password_hash sequence number committed
		done := make(chan struct{})
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-done:
						return
					default:
					}
					floor := committed.Load()
					a, err := s.GetAdmin(ctx, "alice")
					if err != nil {
						errs <- err
						return
					}
					n, err := strconv.ParseInt(strings.TrimPrefix(a.PasswordHash, "h"), 10, 64)
					if err != nil || n < floor {
						errs <- fmt.Errorf("read hash %q after commit %d", a.PasswordHash, floor)
						return
					}
				}
			}()
		}
		for i := int64(1); i <= writes; i++ {
			var err error
			if i%2 == 0 {
				_, err = other.ExecContext(ctx, `UPDATE admins SET password_hash = ? WHERE username = 'alice'`, fmt.Sprintf("h%d", i))
			} else {
				_, err = s.DB().ExecContext(ctx, `UPDATE admins SET password_hash = ? WHERE username = 'alice'`, fmt.Sprintf("h%d", i))
			}
			if err != nil {
				t.Fatal(err)
			}
			committed.Store(i)
		}
		close(done)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}
