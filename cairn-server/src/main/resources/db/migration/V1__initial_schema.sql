-- Cairn's durable state (issue 3). This one file runs unchanged on SQLite and PostgreSQL:
-- only TEXT, BIGINT, INTEGER and BOOLEAN columns; instants are epoch milliseconds (UTC);
-- binary values are base64 TEXT; short ordered lists and problem documents are JSON TEXT.
-- Every mutable row carries `version` for the compare-and-set updates of storage.Storage.

CREATE TABLE accounts (
    id                TEXT    NOT NULL PRIMARY KEY,
    thumbprint        TEXT    NOT NULL,
    key_algorithm     TEXT    NOT NULL,
    key_spki          TEXT    NOT NULL,
    key_jwk           TEXT    NOT NULL,
    contact           TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    tos_agreed        BOOLEAN NOT NULL,
    created_at        BIGINT  NOT NULL,
    eab               TEXT,
    version           BIGINT  NOT NULL,
    -- RFC 8555 §7.3, §7.3.5: one account per key, enforced by the database for every writer
    CONSTRAINT accounts_thumbprint_unique UNIQUE (thumbprint)
);

CREATE TABLE authorizations (
    id                TEXT    NOT NULL PRIMARY KEY,
    account_id        TEXT    NOT NULL REFERENCES accounts (id),
    identifier_type   TEXT    NOT NULL,
    identifier_value  TEXT    NOT NULL,
    wildcard          BOOLEAN NOT NULL,
    status            TEXT    NOT NULL,
    expires           BIGINT  NOT NULL,
    version           BIGINT  NOT NULL
);
-- authorizationsFor: an account's authorizations for one identifier, newest first
CREATE INDEX authorizations_by_account_identifier
    ON authorizations (account_id, identifier_type, identifier_value, expires);
CREATE INDEX authorizations_by_expiry ON authorizations (expires);

-- A challenge belongs to one authorization and changes only with it (same transaction).
CREATE TABLE challenges (
    authorization_id  TEXT    NOT NULL REFERENCES authorizations (id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    id                TEXT    NOT NULL,
    type              TEXT    NOT NULL,
    token             TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    validated         BIGINT,
    error             TEXT,
    PRIMARY KEY (authorization_id, position)
);
-- start-up recovery: validations left in flight
CREATE INDEX challenges_processing ON challenges (authorization_id) WHERE status = 'PROCESSING';

CREATE TABLE orders (
    id                 TEXT   NOT NULL PRIMARY KEY,
    account_id         TEXT   NOT NULL REFERENCES accounts (id),
    phase              TEXT   NOT NULL,
    created_at         BIGINT NOT NULL,
    expires            BIGINT NOT NULL,
    identifiers        TEXT   NOT NULL,
    authorization_ids  TEXT   NOT NULL,
    not_before         BIGINT,
    not_after          BIGINT,
    error              TEXT,
    certificate_serial TEXT,
    version            BIGINT NOT NULL
);
CREATE INDEX orders_by_account ON orders (account_id, created_at);
CREATE INDEX orders_by_phase ON orders (phase);
CREATE INDEX orders_by_expiry ON orders (expires);

-- Which authorizations an order uses (the order's own list, in order, is orders.authorization_ids).
-- Pruning keeps an authorization while any order still references it.
CREATE TABLE order_authorizations (
    order_id          TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    authorization_id  TEXT NOT NULL REFERENCES authorizations (id),
    PRIMARY KEY (order_id, authorization_id)
);
CREATE INDEX order_authorizations_by_authorization ON order_authorizations (authorization_id);

-- Issued certificates and their revocation state are never pruned.
CREATE TABLE certificates (
    serial            TEXT    NOT NULL PRIMARY KEY,
    account_id        TEXT    NOT NULL REFERENCES accounts (id),
    order_id          TEXT,
    leaf_der          TEXT    NOT NULL,
    chains            TEXT    NOT NULL,
    identifiers       TEXT    NOT NULL,
    not_before        BIGINT,
    not_after         BIGINT,
    revoked_at        BIGINT,
    revocation_reason INTEGER,
    version           BIGINT  NOT NULL
);
CREATE INDEX certificates_by_account ON certificates (account_id);
CREATE INDEX certificates_by_order ON certificates (order_id);
