-- Self-paced progress: what each person has read and how far through each deck they got.
CREATE TABLE progress (
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    item_kind      TEXT    NOT NULL CHECK (item_kind IN ('lesson', 'deck')),
    module_id      TEXT    NOT NULL,
    -- The slide last shown (decks) and the furthest slide reached; 0 for lessons.
    last_position  INTEGER NOT NULL DEFAULT 0,
    furthest       INTEGER NOT NULL DEFAULT 0,
    updated_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (user_id, item_kind, module_id)
);
CREATE INDEX progress_by_recency ON progress (user_id, updated_at);
