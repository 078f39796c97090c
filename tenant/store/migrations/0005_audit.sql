-- The audit trail: one row per recorded event, append-only. Events are written
-- in the same transaction as the change they record (tenant/audit.Record).
CREATE TABLE audit_events (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, so it orders ties in time
    time             TEXT NOT NULL,                     -- store.FormatTime: sorts as text in time order
    actor            TEXT NOT NULL,                     -- administrator user name or service account _id
    actor_kind       TEXT NOT NULL,                     -- admin, svcacct or anonymous
    action           TEXT NOT NULL,                     -- e.g. svcacct.update, token.refused, signin.failure
    target_id        TEXT NOT NULL DEFAULT '',          -- the service account concerned, if any
    target_name      TEXT NOT NULL DEFAULT '',
    changes          TEXT,                              -- JSON {"field":{"before":..,"after":..}}; keys as RFC 7638 thumbprints only
    outcome          TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
    reason           TEXT NOT NULL DEFAULT '',          -- the rule that refused a token or a sign-in
    scopes_requested TEXT,                              -- JSON array, token requests only
    scopes_granted   TEXT,                              -- JSON array, token requests only
    request_id       TEXT NOT NULL DEFAULT '',
    client_address   TEXT NOT NULL DEFAULT ''
);

-- Every listing is newest first (time DESC, seq DESC); each filter has an
-- index that yields its rows already in that order, so a page reads only the
-- rows it returns. seq (the rowid) is the implicit last column of each index.
CREATE INDEX audit_by_time          ON audit_events (time);
CREATE INDEX audit_by_target        ON audit_events (target_id, time);
CREATE INDEX audit_by_actor         ON audit_events (actor, time);
CREATE INDEX audit_by_action        ON audit_events (action, time);
-- Per-account activity: token counts and scope usage of one account.
CREATE INDEX audit_by_target_action ON audit_events (target_id, action, time);

-- Append-only: no statement may change an event, and only retention may delete
-- one, by raising the cutoff first (in the same transaction).
CREATE TABLE audit_retention (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    cutoff TEXT NOT NULL
);
INSERT INTO audit_retention (id, cutoff) VALUES (1, '');

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE TRIGGER audit_events_delete_only_expired BEFORE DELETE ON audit_events
WHEN old.time >= (SELECT cutoff FROM audit_retention WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'audit events are removed only by retention');
END;
