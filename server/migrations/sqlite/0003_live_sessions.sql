-- The live session of an instructor-led class: which slide everyone sees and what the instructor
-- pushed. One row per class; `version` grows by one with every change, so a client that has seen
-- version N knows whether what it shows is stale.
CREATE TABLE live_sessions (
    class_id      INTEGER PRIMARY KEY REFERENCES classes (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    active        INTEGER NOT NULL CHECK (active IN (0, 1)),
    module_id     TEXT    NOT NULL,
    slide         INTEGER NOT NULL CHECK (slide >= 1),
    -- An item pushed to everyone ("open this lesson"): its address and label, or NULL.
    pushed_url    TEXT,
    pushed_label  TEXT,
    updated_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
