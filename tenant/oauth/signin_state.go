package oauth

import "time"

// signinState is the in-memory state of administrator sign-in: the failure
// throttle, issued authorization codes and revoked access tokens. It is lost on
// restart, which at worst makes an unredeemed code (60 s) unusable.
type signinState struct {
	throttle *loginThrottle
	codes    *codeStore
	revoked  *revocationList
}

func newSigninState(d *Deps) *signinState {
	now := func() time.Time { return d.clock() }
	return &signinState{
		throttle: newLoginThrottle(now),
		codes:    newCodeStore(now),
		revoked:  newRevocationList(now),
	}
}

// clock is the injected clock, time.Now when none was given.
func (d *Deps) clock() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

func (d *Deps) sessionMaxLifetime() time.Duration {
	if d.SessionMaxLifetime <= 0 {
		return 8 * time.Hour
	}
	return d.SessionMaxLifetime
}
