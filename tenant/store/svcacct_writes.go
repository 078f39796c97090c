package store

// SvcAcctWrites counts the writes to service accounts made through this store
// (create, replace, patch, delete). It grows after each write's transaction
// has ended, so a cache of service accounts can tag what it reads with the
// count taken before reading and trust an entry only while the count is
// unchanged: a read that raced a write is never trusted after that write.
// Code that changes the svcaccts table must do it through these functions
// (or call NoteSvcAcctWrite after its commit).
func (s *Store) SvcAcctWrites() uint64 { return s.svcacctWrites.Load() }

// NoteSvcAcctWrite tells caches that service accounts were changed by a
// statement of the caller's own; call it after the commit.
func (s *Store) NoteSvcAcctWrite() { s.svcacctWritten() }

func (s *Store) svcacctWritten() { s.svcacctWrites.Add(1) }
