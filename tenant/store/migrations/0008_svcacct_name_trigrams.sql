-- A trigram index of the folded names, so that a substring search
-- (name co "...") with few matches reads only the matching rows instead of
-- every index entry. The query always re-checks the exact CREST test on the
-- rows the index names; the index only narrows which rows are read.
--
-- (FTS5's trigram tokenizer was tried first: its phrase queries walk the
-- whole posting list of every trigram of the needle, and a needle such as
-- "acct-0042" shares "acc", "cct", "ct-" with every account, so it was slower
-- than the scan. Here each trigram's account count is kept, and a search
-- starts from its two rarest trigrams.)
--
-- The index names rows by rowid. svcaccts had no INTEGER PRIMARY KEY, and
-- VACUUM may renumber such a table's rowids, so the table is rebuilt with an
-- explicit one (seq) first: its values never change. id stays the resource's
-- key (unique, not null).
ALTER TABLE svcaccts RENAME TO svcaccts_before_0008;

CREATE TABLE svcaccts (
    seq            INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    rev            TEXT NOT NULL,
    name           TEXT NOT NULL,
    description    TEXT,
    account_status TEXT NOT NULL CHECK (account_status IN ('active', 'inactive')),
    scopes         TEXT NOT NULL, -- JSON array of scope strings
    jwks           TEXT NOT NULL, -- JSON Web Key Set of public keys only
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    modified_at    TEXT NOT NULL,
    modified_by    TEXT NOT NULL,
    name_folded    TEXT NOT NULL DEFAULT '' -- crest_fold(name), set by the writers
        CHECK (length(name_folded) <= 1024)     -- the trigram index covers 1,024 characters (the API allows 255)
);
INSERT INTO svcaccts (seq, id, rev, name, description, account_status, scopes, jwks,
                      created_at, created_by, modified_at, modified_by, name_folded)
SELECT rowid, id, rev, name, description, account_status, scopes, jwks,
       created_at, created_by, modified_at, modified_by, name_folded
FROM svcaccts_before_0008;
DROP TABLE svcaccts_before_0008;

CREATE INDEX svcaccts_by_name ON svcaccts (name, id, name_folded);
CREATE INDEX svcaccts_by_status ON svcaccts (account_status, name, id);
CREATE INDEX svcaccts_by_name_folded ON svcaccts (name_folded, id);

-- Character positions 1..1022: the start of every trigram of a name of up
-- to 1,024 characters (triggers may not use recursive queries).
CREATE TABLE svcaccts_name_trigram_positions (n INTEGER PRIMARY KEY);
WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < 1022)
INSERT INTO svcaccts_name_trigram_positions (n) SELECT n FROM p;

-- Every distinct trigram (three characters, as substr counts them) of each
-- folded name, and per trigram the number of accounts whose name holds it.
CREATE TABLE svcaccts_name_trigrams (
    trigram TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    PRIMARY KEY (trigram, seq)
) WITHOUT ROWID;
CREATE TABLE svcaccts_name_trigram_counts (
    trigram  TEXT PRIMARY KEY,
    accounts INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO svcaccts_name_trigrams (trigram, seq)
SELECT DISTINCT substr(a.name_folded, p.n, 3), a.seq
FROM svcaccts AS a JOIN svcaccts_name_trigram_positions AS p ON p.n <= length(a.name_folded) - 2;
INSERT INTO svcaccts_name_trigram_counts (trigram, accounts)
SELECT trigram, count(*) FROM svcaccts_name_trigrams GROUP BY trigram;

-- Kept in step by triggers, so that every writer (the store, a test seeding
-- rows with plain SQL, an operator with the sqlite3 shell) keeps it exact.
CREATE TRIGGER svcaccts_name_trigrams_insert AFTER INSERT ON svcaccts
BEGIN
    INSERT INTO svcaccts_name_trigrams (trigram, seq)
    SELECT DISTINCT substr(new.name_folded, n, 3), new.seq
    FROM svcaccts_name_trigram_positions WHERE n <= length(new.name_folded) - 2;
    INSERT INTO svcaccts_name_trigram_counts (trigram, accounts)
    SELECT DISTINCT substr(new.name_folded, n, 3), 1
    FROM svcaccts_name_trigram_positions WHERE n <= length(new.name_folded) - 2
    ON CONFLICT (trigram) DO UPDATE SET accounts = accounts + 1;
END;

CREATE TRIGGER svcaccts_name_trigrams_delete AFTER DELETE ON svcaccts
BEGIN
    UPDATE svcaccts_name_trigram_counts SET accounts = accounts - 1
    WHERE trigram IN (SELECT substr(old.name_folded, n, 3)
                      FROM svcaccts_name_trigram_positions WHERE n <= length(old.name_folded) - 2);
    DELETE FROM svcaccts_name_trigrams WHERE seq = old.seq
    AND trigram IN (SELECT substr(old.name_folded, n, 3)
                    FROM svcaccts_name_trigram_positions WHERE n <= length(old.name_folded) - 2);
    DELETE FROM svcaccts_name_trigram_counts WHERE accounts <= 0;
END;

CREATE TRIGGER svcaccts_name_trigrams_update AFTER UPDATE OF seq, name_folded ON svcaccts
BEGIN
    UPDATE svcaccts_name_trigram_counts SET accounts = accounts - 1
    WHERE trigram IN (SELECT substr(old.name_folded, n, 3)
                      FROM svcaccts_name_trigram_positions WHERE n <= length(old.name_folded) - 2);
    DELETE FROM svcaccts_name_trigrams WHERE seq = old.seq
    AND trigram IN (SELECT substr(old.name_folded, n, 3)
                    FROM svcaccts_name_trigram_positions WHERE n <= length(old.name_folded) - 2);
    DELETE FROM svcaccts_name_trigram_counts WHERE accounts <= 0;
    INSERT INTO svcaccts_name_trigrams (trigram, seq)
    SELECT DISTINCT substr(new.name_folded, n, 3), new.seq
    FROM svcaccts_name_trigram_positions WHERE n <= length(new.name_folded) - 2;
    INSERT INTO svcaccts_name_trigram_counts (trigram, accounts)
    SELECT DISTINCT substr(new.name_folded, n, 3), 1
    FROM svcaccts_name_trigram_positions WHERE n <= length(new.name_folded) - 2
    ON CONFLICT (trigram) DO UPDATE SET accounts = accounts + 1;
END;
