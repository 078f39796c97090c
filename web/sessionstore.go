package web

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/sessions"
)

// serverSessions is the console's gorilla/sessions store: the browser's
// cookie holds only a random session ID, and the values (access token, user,
// role, sign-in state, flashes) stay on the server. A signed-in session is
// also written, sealed, to the console's own database file (sessionDB), so
// it survives a restart, and Sign Out deletes it there: a copy of the old
// cookie opens nothing, before or after a restart.
//
// Sessions that never signed in (a sign-in under way) live in memory only,
// at most maxAnonymousSessions of them, so anonymous requests cannot fill
// the disk.
type serverSessions struct {
	db      *sessionDB
	now     func() time.Time
	options sessions.Options // cookie attributes

	mu   sync.RWMutex
	live map[sessionKey]*storedSession
	// lastPurge is when expired sessions were last dropped.
	lastPurge time.Time
}

// sessionKey is the SHA-256 of a session ID: what memory and disk are keyed
// by, so the database file never holds a usable cookie.
type sessionKey [sha256.Size]byte

func keyOf(id string) sessionKey { return sha256.Sum256([]byte(id)) }

// storedSession is one session's values as last saved. values is never
// changed in place: a save replaces it, so readers may share it.
type storedSession struct {
	values    map[string]any
	expires   time.Time
	persisted bool
}

const (
	// preSignInMaxAge bounds a session that has not signed in yet.
	preSignInMaxAge = time.Hour
	// maxAnonymousSessions bounds the memory-only sessions.
	maxAnonymousSessions = 10_000
	// sessionPurgeEvery is how often expired sessions are dropped.
	sessionPurgeEvery = 10 * time.Minute
	// sessionIDLength is the length of randomToken's IDs.
	sessionIDLength = 43
)

func newServerSessions(db *sessionDB, secure bool, now func() time.Time) *serverSessions {
	return &serverSessions{
		db:  db,
		now: now,
		options: sessions.Options{
			Path:     "/admin",
			MaxAge:   int(SessionMaxAge / time.Second),
			HttpOnly: true,
			Secure:   secure,
			SameSite: http.SameSiteLaxMode,
		},
		live: map[sessionKey]*storedSession{},
	}
}

// Get returns the request's session, or a new empty one (an unknown,
// expired or signed-out ID is never an error: the browser starts afresh).
func (st *serverSessions) Get(r *http.Request, name string) (*sessions.Session, error) {
	s := st.newSession(name)
	c, err := r.Cookie(name)
	if err != nil || len(c.Value) != sessionIDLength {
		return s, nil
	}
	stored, err := st.find(r, c.Value)
	if err != nil {
		return s, err
	}
	if stored == nil {
		return s, nil
	}
	s.ID, s.IsNew = c.Value, false
	s.Values = make(map[interface{}]interface{}, len(stored.values)+1)
	copyValues(s.Values, stored.values)
	return s, nil
}

// New returns a new empty session.
func (st *serverSessions) New(_ *http.Request, name string) (*sessions.Session, error) {
	return st.newSession(name), nil
}

func (st *serverSessions) newSession(name string) *sessions.Session {
	s := sessions.NewSession(st, name)
	opts := st.options
	s.Options, s.IsNew = &opts, true
	return s
}

// find returns the live session with ID id, from memory or else from disk.
func (st *serverSessions) find(r *http.Request, id string) (*storedSession, error) {
	key, now := keyOf(id), st.now()
	st.mu.RLock()
	stored, ok := st.live[key]
	st.mu.RUnlock()
	if ok {
		if now.Before(stored.expires) {
			return stored, nil
		}
		return nil, nil
	}
	stored, err := st.db.load(r.Context(), key, now)
	if err != nil || stored == nil {
		return nil, err
	}
	st.mu.Lock()
	if cur, raced := st.live[key]; raced {
		stored = cur
	} else {
		st.live[key] = stored
	}
	st.mu.Unlock()
	return stored, nil
}

// Save stores s and sets the cookie when the browser needs a new one: a new
// session, a renewed ID, or the end of the session (Options.MaxAge < 0, or
// no values left). A session deleted meanwhile (signed out in another tab)
// is not brought back.
func (st *serverSessions) Save(r *http.Request, w http.ResponseWriter, s *sessions.Session) error {
	now := st.now()
	if s.Options.MaxAge < 0 || len(s.Values) == 0 {
		if s.ID != "" {
			if err := st.delete(r, s.ID); err != nil {
				return err
			}
		}
		s.ID = ""
		http.SetCookie(w, st.cookie(s.Name(), "", -1))
		return nil
	}
	values, err := plainValues(s.Values)
	if err != nil {
		return err
	}
	persist := values[keySID] != nil
	if s.ID == "" {
		id := randomToken()
		maxAge := SessionMaxAge
		if !persist {
			maxAge = preSignInMaxAge
		}
		stored := &storedSession{values: values, expires: now.Add(maxAge), persisted: persist}
		if persist {
			if err := st.db.save(r.Context(), keyOf(id), stored); err != nil {
				return err
			}
		}
		st.put(keyOf(id), stored, now)
		s.ID, s.IsNew = id, false
		http.SetCookie(w, st.cookie(s.Name(), id, int(SessionMaxAge/time.Second)))
		return nil
	}
	key := keyOf(s.ID)
	st.mu.RLock()
	cur, ok := st.live[key]
	st.mu.RUnlock()
	if !ok || !now.Before(cur.expires) {
		return nil // ended meanwhile: keep it ended
	}
	stored := &storedSession{values: values, expires: cur.expires, persisted: cur.persisted || persist}
	if stored.persisted {
		if err := st.db.save(r.Context(), key, stored); err != nil {
			return err
		}
	}
	st.mu.Lock()
	if _, still := st.live[key]; still {
		st.live[key] = stored
	}
	st.mu.Unlock()
	return nil
}

// renew gives s a new ID at its next save and ends the old one now (a
// sign-in must not keep an ID the browser had before it).
func (st *serverSessions) renew(r *http.Request, s *sessions.Session) error {
	if s.ID != "" {
		if err := st.delete(r, s.ID); err != nil {
			return err
		}
	}
	s.ID, s.IsNew = "", true
	return nil
}

// delete ends session id in memory and on disk.
func (st *serverSessions) delete(r *http.Request, id string) error {
	key := keyOf(id)
	st.mu.Lock()
	delete(st.live, key)
	st.mu.Unlock()
	return st.db.delete(r.Context(), key)
}

// put adds a new session. Now and then it drops the expired ones; past
// maxAnonymousSessions it drops memory-only ones (sign-ins under way) down
// to nine tenths of the bound, so a flood pays for a sweep only once in a while.
func (st *serverSessions) put(key sessionKey, stored *storedSession, now time.Time) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.live[key] = stored
	timely := now.Sub(st.lastPurge) >= sessionPurgeEvery
	if !timely && len(st.live) <= maxAnonymousSessions {
		return
	}
	anonymous := 0
	for k, v := range st.live {
		if !now.Before(v.expires) {
			delete(st.live, k)
		} else if !v.persisted {
			anonymous++
		}
	}
	for k, v := range st.live {
		if anonymous <= maxAnonymousSessions*9/10 {
			break
		}
		if !v.persisted && k != key {
			delete(st.live, k)
			anonymous--
		}
	}
	if timely {
		st.lastPurge = now
		go st.db.purge(now)
	}
}

func (st *serverSessions) cookie(name, value string, maxAge int) *http.Cookie {
	c := sessions.NewCookie(name, value, &st.options)
	c.MaxAge = maxAge
	if maxAge < 0 {
		c.Expires = time.Unix(1, 0)
	} else {
		c.Expires = st.now().Add(time.Duration(maxAge) * time.Second)
	}
	return c
}

// copyValues fills dst with src; lists are copied so that a request's
// changes never reach another's.
func copyValues(dst map[interface{}]interface{}, src map[string]any) {
	for k, v := range src {
		if list, ok := v.([]interface{}); ok {
			v = append([]interface{}(nil), list...)
		}
		dst[k] = v
	}
}

// plainValues is a copy of a session's values keyed by string (what
// sessionDB stores).
func plainValues(m map[interface{}]interface{}) (map[string]any, error) {
	out := make(map[string]any, len(m))
	for k, v := range m {
		ks, ok := k.(string)
		if !ok {
			return nil, fmt.Errorf("session value key %v is not a string", k)
		}
		if list, ok := v.([]interface{}); ok {
			v = append([]interface{}(nil), list...)
		}
		out[ks] = v
	}
	return out, nil
}
