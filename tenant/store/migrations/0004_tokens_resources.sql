-- Service account tokens (RFC 7523) and the resources behind their scopes.

-- jti values of JWT bearer assertions already exchanged, kept until the
-- assertion expires, so that a replay is refused even across restarts.
CREATE TABLE jwt_bearer_jtis (
    issuer     TEXT NOT NULL,
    jti        TEXT NOT NULL,
    expires_at INTEGER NOT NULL, -- unix seconds
    PRIMARY KEY (issuer, jti)
) WITHOUT ROWID;
CREATE INDEX jwt_bearer_jtis_by_expiry ON jwt_bearer_jtis (expires_at);

-- ESV variables.
CREATE TABLE esv_variables (
    id               TEXT PRIMARY KEY,
    value_base64     TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    expression_type  TEXT NOT NULL,
    last_changed_by  TEXT NOT NULL,
    last_change_date TEXT NOT NULL
);

-- ESV secrets: the value lives only in versions and is never returned.
CREATE TABLE esv_secrets (
    id                  TEXT PRIMARY KEY,
    description         TEXT NOT NULL DEFAULT '',
    encoding            TEXT NOT NULL,
    use_in_placeholders INTEGER NOT NULL,
    active_version      INTEGER NOT NULL,
    last_changed_by     TEXT NOT NULL,
    last_change_date    TEXT NOT NULL
);
CREATE TABLE esv_secret_versions (
    secret_id    TEXT NOT NULL REFERENCES esv_secrets(id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    value_base64 TEXT NOT NULL,
    status       TEXT NOT NULL, -- ENABLED or DISABLED
    create_date  TEXT NOT NULL,
    PRIMARY KEY (secret_id, version)
);

-- Restart requests (POST /environment/startup?_action=restart).
CREATE TABLE environment_restarts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    ready_at     TEXT NOT NULL
);

-- Server certificates (public parts only).
CREATE TABLE certificates (
    id                TEXT PRIMARY KEY,
    subject           TEXT NOT NULL,
    issuer            TEXT NOT NULL,
    sans              TEXT NOT NULL, -- JSON array
    valid_from        TEXT NOT NULL,
    expire_time       TEXT NOT NULL,
    certificate       TEXT NOT NULL, -- PEM
    active            INTEGER NOT NULL,
    live              INTEGER NOT NULL,
    created_at        TEXT NOT NULL
);

-- Identities of the alpha realm (/openidm/managed/alpha_user).
CREATE TABLE alpha_users (
    id         TEXT PRIMARY KEY,
    rev        TEXT NOT NULL,
    user_name  TEXT NOT NULL UNIQUE,
    object     TEXT NOT NULL, -- JSON object without _id and _rev
    created_at TEXT NOT NULL
);
CREATE INDEX alpha_users_by_name ON alpha_users (user_name, id);
