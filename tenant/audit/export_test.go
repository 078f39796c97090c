package audit_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/pingclone/aic-console/tenant/audit"
)

func TestExportCSVHeaderAndEscaping(t *testing.T) {
	st := openStore(t)
	db := st.DB()
	t0 := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	nasty := "ci, \"prod\"\nline two"
	record(t, db, seed{at: t0, actor: "alice", kind: audit.ActorAdmin, action: audit.ActionCreate, target: "a1"})
	if err := audit.RecordAlone(context.Background(), db, audit.Event{Time: t0.Add(time.Minute), Actor: "alice",
		Action: audit.ActionUpdate, TargetID: "a1", TargetName: nasty,
		Changes: audit.Changes{"name": {Before: "ci", After: nasty}}}); err != nil {
		t.Fatal(err)
	}
	record(t, db, seed{at: t0.Add(2 * time.Minute), actor: "a1", kind: audit.ActorServiceAccount,
		action: audit.ActionTokenGranted, target: "=cmd|' /C calc'!A0", requested: []string{"fr:am:*", "fr:idm:*"}, granted: []string{"fr:am:*"}})

	var buf bytes.Buffer
	flushes := 0
	if err := audit.Export(context.Background(), db, audit.Filter{}, audit.FormatCSV, &buf, func() { flushes++ }); err != nil {
		t.Fatal(err)
	}
	if flushes == 0 {
		t.Fatal("export never flushed")
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("export is not valid CSV: %v\n%s", err, buf.String())
	}
	want := []string{"_id", "timestamp", "actor", "actorKind", "action", "targetId", "targetName", "outcome",
		"reason", "scopesRequested", "scopesGranted", "changes", "requestId", "clientAddress"}
	if !reflect.DeepEqual(recs[0], want) {
		t.Fatalf("header = %v", recs[0])
	}
	if len(recs) != 4 {
		t.Fatalf("%d records, want header + 3", len(recs))
	}
	col := func(row []string, name string) string {
		for i, h := range recs[0] {
			if h == name {
				return row[i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	// Newest first: the token grant, then the rename, then the create.
	grant, rename := recs[1], recs[2]
	if col(grant, "targetId") != "'=cmd|' /C calc'!A0" {
		t.Errorf("formula not neutralized: %q", col(grant, "targetId"))
	}
	if col(grant, "scopesRequested") != "fr:am:* fr:idm:*" || col(grant, "scopesGranted") != "fr:am:*" {
		t.Errorf("scopes = %q / %q", col(grant, "scopesRequested"), col(grant, "scopesGranted"))
	}
	if col(rename, "targetName") != nasty {
		t.Errorf("name with comma, quotes and newline came back as %q", col(rename, "targetName"))
	}
	var ch audit.Changes
	if err := json.Unmarshal([]byte(col(rename, "changes")), &ch); err != nil || ch["name"].After != nasty {
		t.Errorf("changes column %q: %v", col(rename, "changes"), err)
	}
	if col(rename, "timestamp") != "2026-11-01T12:01:00Z" {
		t.Errorf("timestamp = %q", col(rename, "timestamp"))
	}
}

func TestExportJSONMatchesTheListAndHonoursFilters(t *testing.T) {
	st := openStore(t)
	db := st.DB()
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	history(t, db, t0)
	ctx := context.Background()
	for _, f := range []audit.Filter{{}, {Account: "acct-0"}, {Actions: []string{audit.ActionSignInFailed}}, {Actor: "nobody"}} {
		var buf bytes.Buffer
		if err := audit.Export(ctx, db, f, audit.FormatJSON, &buf, nil); err != nil {
			t.Fatal(err)
		}
		var got []map[string]any
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatalf("filter %+v: not a JSON array: %v\n%s", f, err, buf.String())
		}
		page, err := audit.List(ctx, db, f, audit.MaxPageSize, "")
		if err != nil {
			t.Fatal(err)
		}
		listed, _ := json.Marshal(page.Events)
		var want []map[string]any
		_ = json.Unmarshal(listed, &want)
		if len(want) == 0 {
			want = []map[string]any{}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("filter %+v: export differs from the list\nexport %v\nlist   %v", f, got, want)
		}
	}
	// CSV honours filters too.
	var buf bytes.Buffer
	if err := audit.Export(ctx, db, audit.Filter{Account: "acct-1", Actions: []string{audit.ActionTokenGranted}}, audit.FormatCSV, &buf, nil); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		if r[5] != "acct-1" || r[4] != audit.ActionTokenGranted {
			t.Fatalf("row %v does not match the filter", r)
		}
	}
	if len(recs) < 2 {
		t.Fatal("filtered CSV export is empty")
	}
	if err := audit.Export(ctx, db, audit.Filter{}, "xml", &buf, nil); err == nil {
		t.Fatal("unknown format accepted")
	}
}
