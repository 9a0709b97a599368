-- PostgreSQL twin of sqlite/0005.
-- Failed sign-ins, counted by the rate limit per account ("account:NAME") and per address
-- ("address:IP"). Kept here rather than in memory so that every server of a deployment sees
-- the same count. Rows older than the longest limit window are deleted as new ones arrive.
CREATE TABLE sign_in_failures (
    key           TEXT    NOT NULL,
    failed_at_ms  BIGINT  NOT NULL
);
CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key, failed_at_ms);
CREATE INDEX sign_in_failures_by_age ON sign_in_failures (failed_at_ms);
