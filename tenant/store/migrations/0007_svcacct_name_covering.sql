-- The name index also carries the folded name, so a substring search
-- (name co "...") listed by name tests each index entry without reading the
-- account's row (which holds the JWKS); only matching rows are read.
DROP INDEX svcaccts_by_name;
CREATE INDEX svcaccts_by_name ON svcaccts (name, id, name_folded);
