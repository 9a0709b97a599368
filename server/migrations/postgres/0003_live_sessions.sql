-- PostgreSQL twin of sqlite/0003: the live session of an instructor-led class.
CREATE TABLE live_sessions (
    class_id      BIGINT PRIMARY KEY REFERENCES classes (id) ON DELETE CASCADE,
    version       BIGINT NOT NULL,
    active        BIGINT NOT NULL CHECK (active IN (0, 1)),
    module_id     TEXT   NOT NULL,
    slide         BIGINT NOT NULL CHECK (slide >= 1),
    pushed_url    TEXT,
    pushed_label  TEXT,
    updated_at    TEXT COLLATE "C" NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
);
