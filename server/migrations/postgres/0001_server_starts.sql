-- PostgreSQL twin of sqlite/0001: keep the two in step. Times are UTC text in the format the
-- application writes (2026-11-27T15:04:05.123Z), compared in byte order ("C" collation).
CREATE TABLE server_starts (
    id          BIGSERIAL PRIMARY KEY,
    started_at  TEXT COLLATE "C" NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    version     TEXT   NOT NULL,
    content     TEXT   NOT NULL -- JSON object of content counts, as /healthz reports them
);
