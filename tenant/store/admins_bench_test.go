package store

import (
	"context"
	"testing"
)

// BenchmarkGetAdmin compares, in one run, the database lookup GetAdmin used
// to make on every authenticated call with the checks that now guard the
// remembered answer (the WAL-index header; data_version where it cannot be
// mapped), and GetAdmin itself with nothing committed.
//
//	go test -run '^$' -bench GetAdmin -benchtime 20000x -count 3 ./tenant/store
func BenchmarkGetAdmin(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.AddAdmin(ctx, Admin{Username: "amadmin", Role: RoleTenantAdmin, PasswordHash: "$2a$10$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234"}); err != nil {
		b.Fatal(err)
	}
	b.Run("lookup", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.readAdmin(ctx, "amadmin"); err != nil {
				b.Fatal(err)
			}
		}
	})
	if s.admins.wal == nil {
		b.Fatal("WAL-index not mapped")
	}
	b.Run("wal-index", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := s.admins.current(ctx); !ok {
				b.Fatal("no version")
			}
		}
	})
	b.Run("data_version", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.admins.dataVersion(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("GetAdmin", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.GetAdmin(ctx, "amadmin"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("GetAdmin-parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := s.GetAdmin(ctx, "amadmin"); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("lookup-parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := s.readAdmin(ctx, "amadmin"); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
