CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE admins (
    username      TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('tenant-admin', 'tenant-auditor')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE svcaccts (
    id             TEXT PRIMARY KEY,
    rev            TEXT NOT NULL,
    name           TEXT NOT NULL,
    description    TEXT,
    account_status TEXT NOT NULL CHECK (account_status IN ('active', 'inactive')),
    scopes         TEXT NOT NULL, -- JSON array of scope strings
    jwks           TEXT NOT NULL, -- JSON Web Key Set of public keys only
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    modified_at    TEXT NOT NULL,
    modified_by    TEXT NOT NULL
);
CREATE INDEX svcaccts_by_name ON svcaccts (name, id);
CREATE INDEX svcaccts_by_status ON svcaccts (account_status, name, id);

CREATE TABLE am_sessions (
    token_id     TEXT PRIMARY KEY,
    username     TEXT NOT NULL REFERENCES admins(username) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_access  TEXT NOT NULL,
    idle_expires TEXT NOT NULL,
    max_expires  TEXT NOT NULL
);
