-- The case-folded name (Go strings.ToLower, the crest_fold SQL function), so
-- that case-insensitive name searches (sw, co) read an index or a plain
-- column instead of folding every row per query.
ALTER TABLE svcaccts ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
UPDATE svcaccts SET name_folded = crest_fold(name);
CREATE INDEX svcaccts_by_name_folded ON svcaccts (name_folded, id);
