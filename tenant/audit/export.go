package audit

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Export formats.
const (
	FormatCSV  = "csv"
	FormatJSON = "json"
)

// CSVHeader is the first line of a CSV export.
var CSVHeader = []string{
	"_id", "timestamp", "actor", "actorKind", "action", "targetId", "targetName", "outcome",
	"reason", "scopesRequested", "scopesGranted", "changes", "requestId", "clientAddress",
}

// flushEvery is how many events are written between flushes to the client, so
// a download starts at once and the server holds at most this many rows.
const flushEvery = 200

// Export writes every event f selects to w in format (FormatCSV or
// FormatJSON), newest first, streaming from the database cursor; flush (may
// be nil) pushes what was written to the client.
func Export(ctx context.Context, db *sql.DB, f Filter, format string, w io.Writer, flush func()) error {
	if flush == nil {
		flush = func() {}
	}
	switch format {
	case FormatCSV:
		return exportCSV(ctx, db, f, w, flush)
	case FormatJSON:
		return exportJSON(ctx, db, f, w, flush)
	}
	return fmt.Errorf("unknown export format %q", format)
}

func exportCSV(ctx context.Context, db *sql.DB, f Filter, w io.Writer, flush func()) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	n := 0
	err := Each(ctx, db, f, func(e Event) error {
		if err := cw.Write(csvRecord(e)); err != nil {
			return err
		}
		if n++; n%flushEvery == 0 {
			cw.Flush()
			if err := cw.Error(); err != nil {
				return err
			}
			flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	cw.Flush()
	flush()
	return cw.Error()
}

func csvRecord(e Event) []string {
	changes := ""
	if len(e.Changes) > 0 {
		b, _ := json.Marshal(e.Changes)
		changes = string(b)
	}
	rec := []string{
		formatID(e.ID), FormatTimestamp(e.Time), e.Actor, e.ActorKind, e.Action, e.TargetID, e.TargetName,
		e.Outcome, e.Reason, strings.Join(e.ScopesRequested, " "), strings.Join(e.ScopesGranted, " "),
		changes, e.RequestID, e.ClientAddress,
	}
	for i := range rec {
		rec[i] = neutralizeFormula(rec[i])
	}
	return rec
}

// neutralizeFormula keeps a spreadsheet from running a cell as a formula
// (CSV injection): a cell starting with = + - @ or a tab or carriage return
// gets a leading apostrophe, as OWASP recommends. Quoting of commas, quotes
// and newlines is encoding/csv's (RFC 4180).
func neutralizeFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func exportJSON(ctx context.Context, db *sql.DB, f Filter, w io.Writer, flush func()) error {
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	n := 0
	err := Each(ctx, db, f, func(e Event) error {
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		sep := ",\n"
		if n == 0 {
			sep = "\n"
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
		if n++; n%flushEvery == 0 {
			flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n]\n")
	flush()
	return err
}
