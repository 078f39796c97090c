package store

import "time"

// timeLayout sorts as text in time order, so indexes on time columns work.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// FormatTime renders t as stored in the database (UTC, microseconds).
func FormatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// ParseTime reads a time stored by FormatTime; a malformed value gives the zero time.
func ParseTime(s string) time.Time {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}
	}
	return t
}
