-- A second n-gram index of the folded names, of four characters, which a
-- name search with a needle of four characters or more starts from. Four
-- characters name far fewer accounts than three: "acct-0042" shares "004"
-- and "042" with about 120 accounts each out of 10,000, but "0042" with 11,
-- so the search reads a few postings instead of merging two long lists.
-- Needles of three characters keep using the trigram index (0008).
--
-- The tables have the trigram index's shape (the column is named trigram
-- there too, holding four characters) so that the same query code reads
-- both; the same triggers keep them exact.
CREATE TABLE svcaccts_name_quadgrams (
    trigram TEXT NOT NULL, -- four characters, as substr counts them
    seq     INTEGER NOT NULL,
    PRIMARY KEY (trigram, seq)
) WITHOUT ROWID;
CREATE TABLE svcaccts_name_quadgram_counts (
    trigram  TEXT PRIMARY KEY,
    accounts INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO svcaccts_name_quadgrams (trigram, seq)
SELECT DISTINCT substr(a.name_folded, p.n, 4), a.seq
FROM svcaccts AS a JOIN svcaccts_name_trigram_positions AS p ON p.n <= length(a.name_folded) - 3;
INSERT INTO svcaccts_name_quadgram_counts (trigram, accounts)
SELECT trigram, count(*) FROM svcaccts_name_quadgrams GROUP BY trigram;

CREATE TRIGGER svcaccts_name_quadgrams_insert AFTER INSERT ON svcaccts
BEGIN
    INSERT INTO svcaccts_name_quadgrams (trigram, seq)
    SELECT DISTINCT substr(new.name_folded, n, 4), new.seq
    FROM svcaccts_name_trigram_positions WHERE n <= length(new.name_folded) - 3;
    INSERT INTO svcaccts_name_quadgram_counts (trigram, accounts)
    SELECT DISTINCT substr(new.name_folded, n, 4), 1
    FROM svcaccts_name_trigram_positions WHERE n <= length(new.name_folded) - 3
    ON CONFLICT (trigram) DO UPDATE SET accounts = accounts + 1;
END;

CREATE TRIGGER svcaccts_name_quadgrams_delete AFTER DELETE ON svcaccts
BEGIN
    UPDATE svcaccts_name_quadgram_counts SET accounts = accounts - 1
    WHERE trigram IN (SELECT substr(old.name_folded, n, 4)
                      FROM svcaccts_name_trigram_positions WHERE n <= length(old.name_folded) - 3);
    DELETE FROM svcaccts_name_quadgrams WHERE seq = old.seq
    AND trigram IN (SELECT substr(old.name_folded, n, 4)
                    FROM svcaccts_name_trigram_positions WHERE n <= length(old.name_folded) - 3);
    DELETE FROM svcaccts_name_quadgram_counts WHERE accounts <= 0;
END;

CREATE TRIGGER svcaccts_name_quadgrams_update AFTER UPDATE OF seq, name_folded ON svcaccts
BEGIN
    UPDATE svcaccts_name_quadgram_counts SET accounts = accounts - 1
    WHERE trigram IN (SELECT substr(old.name_folded, n, 4)
                      FROM svcaccts_name_trigram_positions WHERE n <= length(old.name_folded) - 3);
    DELETE FROM svcaccts_name_quadgrams WHERE seq = old.seq
    AND trigram IN (SELECT substr(old.name_folded, n, 4)
                    FROM svcaccts_name_trigram_positions WHERE n <= length(old.name_folded) - 3);
    DELETE FROM svcaccts_name_quadgram_counts WHERE accounts <= 0;
    INSERT INTO svcaccts_name_quadgrams (trigram, seq)
    SELECT DISTINCT substr(new.name_folded, n, 4), new.seq
    FROM svcaccts_name_trigram_positions WHERE n <= length(new.name_folded) - 3;
    INSERT INTO svcaccts_name_quadgram_counts (trigram, accounts)
    SELECT DISTINCT substr(new.name_folded, n, 4), 1
    FROM svcaccts_name_trigram_positions WHERE n <= length(new.name_folded) - 3
    ON CONFLICT (trigram) DO UPDATE SET accounts = accounts + 1;
END;
