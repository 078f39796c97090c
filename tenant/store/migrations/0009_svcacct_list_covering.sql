-- The name index also carries what the console's list shows (rev and
-- accountStatus besides id and name), so a list page sorted by name, first or
-- late (keyset), reads index entries only and never the account rows, which
-- hold the JWKS and span several times more pages.
DROP INDEX svcaccts_by_name;
CREATE INDEX svcaccts_by_name ON svcaccts (name, id, name_folded, rev, account_status);
