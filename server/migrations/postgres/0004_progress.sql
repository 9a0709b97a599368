-- PostgreSQL twin of sqlite/0004: self-paced progress.
CREATE TABLE progress (
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    item_kind      TEXT   NOT NULL CHECK (item_kind IN ('lesson', 'deck')),
    module_id      TEXT   NOT NULL,
    last_position  BIGINT NOT NULL DEFAULT 0,
    furthest       BIGINT NOT NULL DEFAULT 0,
    updated_at     TEXT COLLATE "C" NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    PRIMARY KEY (user_id, item_kind, module_id)
);
CREATE INDEX progress_by_recency ON progress (user_id, updated_at);
