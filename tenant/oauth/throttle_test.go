package oauth

import (
	"testing"
	"time"
)

func TestLockoutGrowsAndIsCapped(t *testing.T) {
	cases := []struct {
		over int
		want time.Duration
	}{
		{1, 2 * time.Second}, {2, 4 * time.Second}, {3, 8 * time.Second}, {9, 512 * time.Second},
		{10, maxLockout}, {50, maxLockout},
	}
	for _, tc := range cases {
		if got := lockoutFor(tc.over); got != tc.want {
			t.Errorf("lockoutFor(%d) = %v, want %v", tc.over, got, tc.want)
		}
	}
}

func TestThrottleCountsPerUserNameAndForgets(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	th := newLoginThrottle(func() time.Time { return now })
	for i := 0; i < freeFailures; i++ {
		if !th.begin("Alice") {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	if !th.begin("alice") { // the first attempt beyond the free ones is checked, then locks
		t.Fatal("attempt 6 refused")
	}
	if th.begin("ALICE ") {
		t.Fatal("locked user name accepted (case and spaces must not bypass the lock)")
	}
	if !th.begin("bob") {
		t.Fatal("another user name is locked")
	}
	now = now.Add(firstLockout)
	if !th.begin("alice") {
		t.Fatal("still locked after the lockout")
	}
	th.succeeded("alice")
	if got := len(th.entries); got != 1 {
		t.Fatalf("entries after success: %d", got)
	}
	// A user name left alone long enough starts afresh.
	for i := 0; i < freeFailures+1; i++ {
		th.begin("carol")
	}
	now = now.Add(forgetAfter + maxLockout)
	for i := 0; i < freeFailures; i++ {
		if !th.begin("carol") {
			t.Fatalf("forgotten user name refused at attempt %d", i+1)
		}
	}
}

func TestOverlongUserNamesAreNotTracked(t *testing.T) {
	s := &Server{Deps: Deps{}}
	s.signin = newSigninState(&s.Deps)
	long := string(make([]byte, maxUsernameBytes+1))
	if _, err := s.checkSignIn(t.Context(), long, "whatever"); err != errLoginFailure {
		t.Fatalf("err %v", err)
	}
	if n := len(s.signin.throttle.entries); n != 0 {
		t.Fatalf("throttle tracks %d entries", n)
	}
}
